<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Ict\Bridge\Support\Flag;
use Illuminate\Database\Eloquent\Model;

/**
 * `ticket_comment_created`: staff, the assignee and the author receive it; the
 * requester too unless the comment is internal. Without `$ticket` it is read
 * from the comment model's relation (config websocket.attributes.comment.ticket_relation).
 * `comment.is_internal` is published as a JSON boolean read by Support\Flag the
 * restrictive way: only an absent, null, false, 0, "0", "false" or "" flag
 * makes the comment public; 1, "1", "true", "yes" or anything else is internal.
 */
class TicketCommentCreated extends HelpDeskEvent
{
    public array $ticket;

    public array $comment;

    public function __construct(Model|array $comment, Model|array|null $ticket = null)
    {
        if ($ticket === null && $comment instanceof Model) {
            $ticket = $comment->getAttribute(Attributes::column('comment', 'ticket_relation'));
        }
        $this->ticket = $ticket === null ? [] : Attributes::of($ticket, 'ticket');
        $this->comment = Attributes::of($comment, 'comment');
        $this->comment['is_internal'] = Flag::unlessNo(Attributes::field($comment, $this->comment, 'comment', 'is_internal'));
        $this->stamp();
    }

    public function type(): string
    {
        return 'ticket_comment_created';
    }

    public function data(): array
    {
        // Read again: the property is public and may have been changed since.
        $comment = $this->comment;
        $comment['is_internal'] = Flag::unlessNo($comment['is_internal'] ?? null);

        return ['ticket' => $this->ticket, 'comment' => $comment];
    }

    public function requiredFields(): array
    {
        return ['ticket.id', 'ticket.requester_id', 'comment.id', 'comment.author_id'];
    }
}

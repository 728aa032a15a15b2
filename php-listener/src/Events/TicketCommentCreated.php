<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/**
 * `ticket_comment_created`: staff, the assignee and the author receive it; the
 * requester too unless the comment is internal. Without `$ticket` it is read
 * from the comment model's relation (config websocket.attributes.comment.ticket_relation).
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
        $this->comment['is_internal'] = filter_var($this->comment['is_internal'] ?? false, FILTER_VALIDATE_BOOLEAN);
        $this->stamp();
    }

    public function type(): string
    {
        return 'ticket_comment_created';
    }

    public function data(): array
    {
        return ['ticket' => $this->ticket, 'comment' => $this->comment];
    }

    public function requiredFields(): array
    {
        return ['ticket.id', 'ticket.requester_id', 'comment.id', 'comment.author_id'];
    }
}

<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** `ticket_assigned`: staff, the requester, the new and the previous assignee receive it. */
class TicketAssigned extends HelpDeskEvent
{
    public array $ticket;

    public function __construct(
        Model|array $ticket,
        public int|string|null $previousAssigneeId = null,
        public int|string|null $assignedBy = null,
    ) {
        $this->ticket = Attributes::of($ticket, 'ticket');
        $this->stamp();
    }

    public function type(): string
    {
        return 'ticket_assigned';
    }

    public function data(): array
    {
        return [
            'ticket' => $this->ticket,
            'previous_assignee_id' => $this->previousAssigneeId,
            'assigned_by' => $this->assignedBy,
        ];
    }

    public function requiredFields(): array
    {
        return ['ticket.id', 'ticket.requester_id', 'ticket.assignee_id'];
    }
}

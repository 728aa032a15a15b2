<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** `ticket_status_changed`: staff, the requester and the assignee receive it. */
class TicketStatusChanged extends HelpDeskEvent
{
    public array $ticket;

    public ?string $newStatus;

    public function __construct(
        Model|array $ticket,
        public ?string $oldStatus,
        ?string $newStatus = null,
        public int|string|null $changedBy = null,
    ) {
        $this->ticket = Attributes::of($ticket, 'ticket');
        $this->newStatus = $newStatus ?? ($this->ticket['status'] ?? null);
        $this->stamp();
    }

    public function type(): string
    {
        return 'ticket_status_changed';
    }

    public function data(): array
    {
        return [
            'ticket' => $this->ticket,
            'old_status' => $this->oldStatus,
            'new_status' => $this->newStatus,
            'changed_by' => $this->changedBy,
        ];
    }

    public function requiredFields(): array
    {
        return ['ticket.id', 'ticket.requester_id', 'old_status', 'new_status'];
    }
}

<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** `ticket_created`: staff, the requester and the assignee receive it. */
class TicketCreated extends HelpDeskEvent
{
    public array $ticket;

    public function __construct(Model|array $ticket, public int|string|null $createdBy = null)
    {
        $this->ticket = Attributes::of($ticket, 'ticket');
        $this->stamp();
    }

    public function type(): string
    {
        return 'ticket_created';
    }

    public function data(): array
    {
        return ['ticket' => $this->ticket, 'created_by' => $this->createdBy];
    }

    public function requiredFields(): array
    {
        return ['ticket.id', 'ticket.requester_id'];
    }
}

<?php

namespace Ict\Bridge\Tests\Fixtures\Models;

use Ict\Bridge\Eloquent\BroadcastsHelpDeskChanges;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Database\Eloquent\Relations\BelongsTo;

class TicketComment extends Model
{
    use BroadcastsHelpDeskChanges;

    protected $guarded = [];

    public function ticket(): BelongsTo
    {
        return $this->belongsTo(Ticket::class);
    }
}

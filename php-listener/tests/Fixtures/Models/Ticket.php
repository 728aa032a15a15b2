<?php

namespace Ict\Bridge\Tests\Fixtures\Models;

use Ict\Bridge\Eloquent\BroadcastsHelpDeskChanges;
use Illuminate\Database\Eloquent\Model;

/** Column names as in many help-desks: user_id (requester), assigned_to (assignee). */
class Ticket extends Model
{
    use BroadcastsHelpDeskChanges;

    protected $guarded = [];
}

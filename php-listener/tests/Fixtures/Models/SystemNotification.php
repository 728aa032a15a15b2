<?php

namespace Ict\Bridge\Tests\Fixtures\Models;

use Ict\Bridge\Eloquent\BroadcastsHelpDeskChanges;
use Illuminate\Database\Eloquent\Model;

class SystemNotification extends Model
{
    use BroadcastsHelpDeskChanges;

    protected static string $helpDeskKind = 'notification';

    protected $guarded = [];

    protected $casts = ['user_ids' => 'array', 'roles' => 'array'];
}

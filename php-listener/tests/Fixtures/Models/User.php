<?php

namespace Ict\Bridge\Tests\Fixtures\Models;

use Ict\Bridge\Eloquent\BroadcastsHelpDeskChanges;
use Illuminate\Foundation\Auth\User as Authenticatable;

class User extends Authenticatable
{
    use BroadcastsHelpDeskChanges;

    protected $guarded = [];

    protected $hidden = ['password'];

    protected $casts = ['roles' => 'array'];
}

<?php

namespace Ict\Bridge\Tests\Fixtures\Models;

use Illuminate\Database\Eloquent\Model;

/** Watched with WebSocket::observe(Equipment::class, 'equipment') instead of the trait. */
class Equipment extends Model
{
    protected $table = 'equipment';

    protected $guarded = [];
}

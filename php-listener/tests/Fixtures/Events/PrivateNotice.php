<?php

namespace Ict\Bridge\Tests\Fixtures\Events;

use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;

/** An app's own ShouldBroadcast event on a user's private channel (Laravel's redis broadcaster). */
class PrivateNotice implements ShouldBroadcast
{
    use InteractsWithSockets;

    public function __construct(public int $userId, public string $text)
    {
    }

    public function broadcastOn(): PrivateChannel
    {
        return new PrivateChannel('App.Models.User.'.$this->userId);
    }

    public function broadcastAs(): string
    {
        return 'invoice.paid';
    }
}

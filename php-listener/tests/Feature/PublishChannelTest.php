<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events\UserCreated;
use Ict\Bridge\Tests\Support\RedisSpy;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\TestCase;

/** What reaches Redis: one PUBLISH of the listener envelope on the prefixed channel. */
class PublishChannelTest extends TestCase
{
    public function test_the_envelope_is_published_once_on_the_prefixed_channel(): void
    {
        $spy = new RedisSpy(Services::redisPort(), '*ict.events');

        event((new UserCreated(['id' => 31, 'name' => 'Ann']))->to([5]));

        $message = $spy->message(3.0);
        $this->assertSame('laravel_database_ict.events', $message['channel'] ?? null);
        $envelope = json_decode($message['payload'], true);
        $this->assertSame(['type', 'data', 'audience', 'occurred_at'], array_keys($envelope));
        $this->assertSame(['user' => ['id' => 31, 'name' => 'Ann']], $envelope['data']);
        $this->assertSame(['users' => [5]], $envelope['audience']);
        $this->assertNull($spy->message(0.5), 'published once');
    }

    public function test_a_channel_written_with_the_prefix_is_not_prefixed_twice(): void
    {
        config(['websocket.channels' => 'laravel_database_ict.events,laravel_database_private-App.Models.User.*']);
        $spy = new RedisSpy(Services::redisPort(), '*ict.events');

        event(new UserCreated(['id' => 32]));

        $this->assertSame('laravel_database_ict.events', $spy->message(3.0)['channel'] ?? null);
    }
}

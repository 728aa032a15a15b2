<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events;
use Ict\Bridge\Facades\WebSocket;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\RedisSpy;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\Support\StreamCursor;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Auth\GenericUser;

/** WEBSOCKET_ENABLED=false: nothing reaches Redis (stream or pub/sub) or the bridge, and no script tag. */
class DisabledTest extends TestCase
{
    use BridgeSessions;

    protected array $environment = ['WEBSOCKET_ENABLED' => 'false'];

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public function test_nothing_is_published(): void
    {
        $this->assertFalse(config('websocket.enabled'));
        $this->connectUsers([1 => ['admin'], 7 => []]);
        $spy = new RedisSpy(Services::redisPort());
        $stream = new StreamCursor('laravel_database_bridge:events');
        $received = Services::status()['messages']['received'] ?? null;

        event(new Events\TicketCreated(['id' => 1, 'requester_id' => 7]));
        event(new Events\UserCreated(['id' => 30]));
        event(new Events\SystemNotificationCreated(['id' => 1, 'title' => 'x']));
        WebSocket::publish('custom_event', ['x' => 1], ['everyone' => true]);
        $this->post('/tickets/5/close')->assertOk();

        $this->assertNull($spy->message(1.0), 'nothing was PUBLISHed on Redis');
        $this->assertSame([], $stream->read(), 'nothing was appended to the stream');
        $this->assertSame($received, Services::status()['messages']['received'] ?? null, 'nothing reached the bridge');
        $this->assertNothingElse();
    }

    public function test_the_layout_gets_no_client(): void
    {
        $this->actingAs(new GenericUser(['id' => 5]))->get('/layout')->assertOk()->assertDontSee('<script', false);
    }
}

<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Tests\Fixtures\Events\PrivateNotice;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\RedisSpy;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\TestCase;

/** Laravel's own `redis` broadcaster (ShouldBroadcast) next to the listener, through the same bridge. */
class BroadcasterTest extends TestCase
{
    use BridgeSessions;

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public function test_a_private_user_channel_event_reaches_that_user_only(): void
    {
        $this->connectUsers([5 => [], 1 => ['admin'], 6 => []]);
        $spy = new RedisSpy(Services::redisPort(), '*private-App.Models.User.*');

        event(new PrivateNotice(5, 'Invoice 12 paid'));

        $message = $spy->message(3.0);
        $this->assertSame('laravel_database_private-App.Models.User.5', $message['channel'] ?? null, 'Laravel prefixes the channel');
        $this->assertReachedExactly([5], 'invoice.paid', function (array $data) {
            $this->assertSame('Invoice 12 paid', $data['text']);
            $this->assertSame(5, $data['userId']);
        });
    }

    public function test_to_others_skips_the_session_named_by_x_socket_id(): void
    {
        $this->connectAs('5a', '5');
        $this->connectAs('5b', '5');
        $this->connectUsers([6 => []]);

        $this->withHeader('X-Socket-ID', $this->welcomes['5a']['session_id'])->post('/notices/5')->assertOk();

        $this->assertReachedExactly(['5b'], 'invoice.paid', function (array $data) {
            $this->assertSame('sent by this tab', $data['text']);
            $this->assertArrayNotHasKey('socket', $data, 'the bridge drops data.socket');
        });
    }
}

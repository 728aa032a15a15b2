<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events\TicketAssigned;
use Ict\Bridge\Listeners\QueuedWebSocketNotificationListener;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Support\Facades\Artisan;
use Illuminate\Support\Facades\Queue;

/** WEBSOCKET_QUEUE=redis: the listener is a queued job; a worker delivers it. */
class QueuedListenerTest extends TestCase
{
    use BridgeSessions;

    protected array $environment = ['WEBSOCKET_QUEUE' => 'redis', 'REDIS_QUEUE' => 'bridge-tests-queued'];

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public function test_the_event_waits_in_the_queue_until_a_worker_runs(): void
    {
        $this->connectUsers([5 => [], 7 => [], 9 => []]);
        Queue::connection('redis')->getRedis()->connection('default')->del('queues:bridge-tests-queued');

        event(new TicketAssigned(['id' => 401, 'requester_id' => 7, 'assignee_id' => 5], null, 1));

        $this->assertSame(1, Queue::connection('redis')->size('bridge-tests-queued'), 'one job queued');
        $this->assertNothingElse(); // not delivered before the worker runs

        $status = Artisan::call('queue:work', ['connection' => 'redis', '--once' => true, '--queue' => 'bridge-tests-queued']);

        $this->assertSame(0, $status);
        $this->assertSame(0, Queue::connection('redis')->size('bridge-tests-queued'));
        $this->assertReachedExactly([5, 7], 'ticket_assigned');
    }

    public function test_the_listener_is_queued_on_the_configured_connection(): void
    {
        $listener = new \ReflectionClass(QueuedWebSocketNotificationListener::class);
        $this->assertTrue($listener->implementsInterface(\Illuminate\Contracts\Queue\ShouldQueue::class));
        $this->assertSame('redis', $listener->newInstanceWithoutConstructor()->viaConnection());
    }
}

<?php

namespace Ict\Bridge\Listeners;

use Ict\Bridge\Events\HelpDeskEvent;
use Illuminate\Contracts\Queue\ShouldQueue;

/**
 * The listener as a queued job, used when config websocket.queue names a queue
 * connection ("default" = the app's default connection). The envelope's
 * occurred_at is the time of the change, not of the job.
 */
class QueuedWebSocketNotificationListener extends WebSocketNotificationListener implements ShouldQueue
{
    public int $tries = 3;

    public function viaConnection(): ?string
    {
        $connection = config('websocket.queue');

        return in_array($connection, [true, 'default', '1', 'true'], true) ? null : (string) $connection;
    }

    public function viaQueue(): ?string
    {
        return config('websocket.queue_name') ?: null;
    }

    public function shouldQueue(HelpDeskEvent $event): bool
    {
        return (bool) config('websocket.enabled', true);
    }
}

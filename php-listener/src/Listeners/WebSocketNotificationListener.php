<?php

namespace Ict\Bridge\Listeners;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Events;
use Ict\Bridge\Events\HelpDeskEvent;
use Illuminate\Contracts\Config\Repository;
use Illuminate\Contracts\Events\Dispatcher;

/**
 * Subscribes to the eleven help-desk events (docs/protocol.md#who-receives-what) and publishes each as a
 * listener envelope: Redis first, POST /broadcast second, a logged warning
 * when both fail. WEBSOCKET_ENABLED=false publishes nothing. Inside a database
 * transaction it waits for the commit (a rolled-back change is never announced).
 */
class WebSocketNotificationListener
{
    /** Laravel runs the listener (or queues its job) after the open transaction commits. */
    public bool $afterCommit = true;

    /** @var list<class-string<HelpDeskEvent>> */
    public const EVENTS = [
        Events\TicketCreated::class,
        Events\TicketStatusChanged::class,
        Events\TicketAssigned::class,
        Events\TicketCommentCreated::class,
        Events\UserCreated::class,
        Events\UserStatusChanged::class,
        Events\EquipmentStatusChanged::class,
        Events\EquipmentLocationChanged::class,
        Events\KnowledgeArticleCreated::class,
        Events\KnowledgeArticleUpdated::class,
        Events\SystemNotificationCreated::class,
    ];

    public function __construct(private Publisher $publisher, private Repository $config)
    {
    }

    public function subscribe(Dispatcher $events): void
    {
        foreach (self::EVENTS as $event) {
            $events->listen($event, [static::class, 'handle']);
        }
    }

    public function handle(HelpDeskEvent $event): void
    {
        if ($this->config->get('websocket.enabled', true)) {
            $this->publisher->publish($event->toEnvelope());
        }
    }
}

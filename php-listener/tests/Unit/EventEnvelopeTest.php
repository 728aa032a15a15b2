<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Events;
use Ict\Bridge\Events\HelpDeskEvent;
use Ict\Bridge\Exceptions\InvalidEventData;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Support\Arr;

/** Each of the eleven events maps to the listener envelope with its docs/protocol.md#who-receives-what required fields. */
class EventEnvelopeTest extends TestCase
{
    public static function events(): array
    {
        $ticket = ['id' => 42, 'title' => 'Printer', 'status' => 'open', 'requester_id' => 7, 'assignee_id' => 5];

        return [
            'ticket_created' => [new Events\TicketCreated($ticket), ['ticket.id', 'ticket.requester_id']],
            'ticket_status_changed' => [new Events\TicketStatusChanged($ticket, 'open', 'closed'),
                ['ticket.id', 'ticket.requester_id', 'old_status', 'new_status']],
            'ticket_assigned' => [new Events\TicketAssigned($ticket, null, 1),
                ['ticket.id', 'ticket.requester_id', 'ticket.assignee_id']],
            'ticket_comment_created' => [new Events\TicketCommentCreated(['id' => 3, 'author_id' => 8, 'body' => 'hi'], $ticket),
                ['ticket.id', 'ticket.requester_id', 'comment.id', 'comment.author_id']],
            'user_created' => [new Events\UserCreated(['id' => 30, 'name' => 'Ann']), ['user.id']],
            'user_status_changed' => [new Events\UserStatusChanged(['id' => 9, 'status' => 'blocked'], 'active'),
                ['user.id', 'old_status', 'new_status']],
            'equipment_status_changed' => [new Events\EquipmentStatusChanged(['id' => 4, 'assigned_user_id' => 8], 'ok', 'broken'),
                ['equipment.id', 'old_status', 'new_status']],
            'equipment_location_changed' => [new Events\EquipmentLocationChanged(['id' => 4, 'location' => 'B-2'], 'A-1'),
                ['equipment.id', 'old_location', 'new_location']],
            'knowledge_article_created' => [new Events\KnowledgeArticleCreated(['id' => 11, 'is_published' => 1, 'author_id' => 8]),
                ['article.id', 'article.is_published']],
            'knowledge_article_updated' => [new Events\KnowledgeArticleUpdated(['id' => 11, 'is_published' => 0]),
                ['article.id', 'article.is_published']],
            'system_notification_created' => [new Events\SystemNotificationCreated(['id' => 1, 'title' => 'Maintenance']),
                ['notification.id', 'notification.title']],
        ];
    }

    /** @dataProvider events */
    public function test_envelope_has_type_required_fields_and_time(HelpDeskEvent $event, array $required): void
    {
        $envelope = json_decode(json_encode($event->toEnvelope()), true);

        $this->assertSame($this->dataName(), $envelope['type']);
        foreach ($required as $path) {
            $this->assertNotNull(Arr::get($envelope['data'], $path), "data.$path missing");
        }
        $this->assertSame($required, $event->requiredFields());
        $this->assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/', $envelope['occurred_at']);
        $this->assertArrayNotHasKey('audience', $envelope);
        $this->assertSame(['type', 'data', 'occurred_at'], array_keys($envelope));
    }

    public function test_new_values_default_to_the_record(): void
    {
        $this->assertSame('closed', (new Events\TicketStatusChanged(['id' => 1, 'requester_id' => 2, 'status' => 'closed'], 'open'))->data()['new_status']);
        $this->assertSame('B-2', (new Events\EquipmentLocationChanged(['id' => 4, 'location' => 'B-2'], 'A-1'))->data()['new_location']);
    }

    public function test_audience_adds_users_roles_or_everyone(): void
    {
        $event = (new Events\TicketCreated(['id' => 1, 'requester_id' => 7]))->to([9], ['manager'])->to([10]);
        $this->assertSame(['users' => [9, 10], 'roles' => ['manager']], $event->toEnvelope()['audience']);
        $this->assertTrue((new Events\UserCreated(['id' => 1]))->toEveryone()->toEnvelope()['audience']['everyone']);
    }

    public function test_flags_are_booleans_so_the_bridge_reads_them_right(): void
    {
        $ticket = ['id' => 1, 'requester_id' => 7];
        $this->assertTrue((new Events\TicketCommentCreated(['id' => 1, 'author_id' => 2, 'is_internal' => '1'], $ticket))->comment['is_internal']);
        $this->assertFalse((new Events\TicketCommentCreated(['id' => 1, 'author_id' => 2], $ticket))->comment['is_internal']);
        $this->assertTrue((new Events\KnowledgeArticleCreated(['id' => 1, 'is_published' => 1]))->article['is_published']);
        $this->assertFalse((new Events\KnowledgeArticleCreated(['id' => 1, 'is_published' => '0']))->article['is_published']);
    }

    public function test_empty_notification_targets_mean_everyone(): void
    {
        $data = (new Events\SystemNotificationCreated(['id' => 1, 'title' => 't', 'user_ids' => [], 'roles' => '["admin"]']))->data();
        $this->assertArrayNotHasKey('user_ids', $data['notification']);
        $this->assertSame(['admin'], $data['notification']['roles']);
    }

    public function test_a_missing_required_field_is_refused_with_its_path(): void
    {
        $this->expectException(InvalidEventData::class);
        $this->expectExceptionMessage('ticket_assigned needs data.ticket.assignee_id');
        new Events\TicketAssigned(['id' => 1, 'requester_id' => 7]);
    }

    public function test_events_survive_queue_serialisation(): void
    {
        $event = (new Events\TicketAssigned(['id' => 1, 'requester_id' => 7, 'assignee_id' => 5], 6, 1))->to([9]);
        $this->assertSame($event->toEnvelope(), unserialize(serialize($event))->toEnvelope());
    }
}

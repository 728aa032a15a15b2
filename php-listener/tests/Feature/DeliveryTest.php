<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\TestCase;

/**
 * A Laravel event fired in PHP goes through the listener, Redis and the real
 * bridge, and reaches the WebSocket session of each user it concerns and no
 * other (docs/protocol.md#who-receives-what), for every type.
 */
class DeliveryTest extends TestCase
{
    use BridgeSessions;

    /** 1 admin, 2 technician, 5 assignee, 6 previous assignee, 7 requester, 8 author/owner, 9 bystander. */
    private const USERS = [1 => ['admin'], 2 => ['technician'], 5 => [], 6 => [], 7 => [], 8 => [], 9 => []];

    private const EVERYONE = [1, 2, 5, 6, 7, 8, 9];

    protected function setUp(): void
    {
        parent::setUp();
        $this->connectUsers(self::USERS);
    }

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public static function cases(): array
    {
        $ticket = ['id' => 101, 'title' => 'Printer', 'status' => 'open', 'requester_id' => 7, 'assignee_id' => 5];
        $comment = ['id' => 3, 'author_id' => 8, 'body' => 'Replaced the toner'];
        $article = ['id' => 11, 'title' => 'VPN', 'author_id' => 8];

        return [
            'ticket_created' => [fn () => new Events\TicketCreated($ticket), [1, 2, 5, 7]],
            'ticket_created with audience' => [fn () => (new Events\TicketCreated($ticket))->to([9]), [1, 2, 5, 7, 9]],
            'ticket_status_changed' => [fn () => new Events\TicketStatusChanged($ticket, 'open', 'closed'), [1, 2, 5, 7]],
            'ticket_assigned' => [fn () => new Events\TicketAssigned($ticket, 6, 1), [1, 2, 5, 6, 7]],
            'ticket_comment_created public' => [fn () => new Events\TicketCommentCreated($comment, $ticket), [1, 2, 5, 7, 8]],
            // docs/protocol.md#who-receives-what: an internal comment reaches no non-staff session except its author,
            // so a non-staff assignee (5) is left out too; assignees are normally technicians.
            'ticket_comment_created internal' => [
                fn () => (new Events\TicketCommentCreated($comment + ['is_internal' => true], $ticket))->to([7, 9]), [1, 2, 8]],
            'user_created' => [fn () => new Events\UserCreated(['id' => 30, 'name' => 'New']), [1]],
            'user_status_changed' => [fn () => new Events\UserStatusChanged(['id' => 9], 'active', 'on_leave'), [1, 9]],
            'equipment_status_changed' => [
                fn () => new Events\EquipmentStatusChanged(['id' => 4, 'assigned_user_id' => 8], 'ok', 'broken'), [1, 2, 8]],
            'equipment_location_changed' => [
                fn () => new Events\EquipmentLocationChanged(['id' => 4, 'assigned_user_id' => 8], 'A-1', 'B-2'), [1, 2, 8]],
            'knowledge_article_created published' => [
                fn () => new Events\KnowledgeArticleCreated($article + ['is_published' => true]), self::EVERYONE],
            'knowledge_article_updated draft' => [
                fn () => (new Events\KnowledgeArticleUpdated($article + ['is_published' => false]))->toEveryone(), [1, 2, 8]],
            'system_notification_created to users' => [
                fn () => new Events\SystemNotificationCreated(['id' => 1, 'title' => 'Your PC', 'user_ids' => [7]]), [7]],
            'system_notification_created to a role' => [
                fn () => new Events\SystemNotificationCreated(['id' => 2, 'title' => 'Techs', 'roles' => ['technician']]), [2]],
            'system_notification_created to everyone' => [
                fn () => new Events\SystemNotificationCreated(['id' => 3, 'title' => 'Maintenance']), self::EVERYONE],
        ];
    }

    /** @dataProvider cases */
    public function test_event_reaches_exactly_the_users_it_concerns(\Closure $make, array $expected): void
    {
        $event = $make();
        event($event);

        $sent = $event->data();
        $this->assertReachedExactly($expected, $event->type(), function (array $data) use ($sent) {
            $this->assertEquals(json_decode(json_encode($sent), true), $data, 'data arrives as published');
        });
    }

    public function test_publishing_through_predis_works_too(): void
    {
        config(['database.redis.client' => 'predis']);
        event(new Events\TicketCreated(['id' => 102, 'requester_id' => 7]));

        $this->assertReachedExactly([1, 2, 7], 'ticket_created');
    }

    public function test_blocking_a_user_delivers_the_change_then_closes_their_sessions_4003(): void
    {
        event(new Events\UserStatusChanged(['id' => 9, 'name' => 'Bob'], 'active', 'blocked'));
        try {
            $frame = $this->nextEvent($this->sessions[9]);
            $this->assertSame('user_status_changed', $frame['type'] ?? null);
            $this->assertNull($this->nextEvent($this->sessions[9], 5.0));
            $this->assertSame(4003, $this->sessions[9]->closeCode);
            unset($this->sessions[9]);
            $this->assertReachedExactly([1], 'user_status_changed');
        } finally {
            // The bridge keeps a blocked user out (new tokens too) until a change to active:
            // reactivate 9, or every later test of the suite would see its sessions closed 4003.
            event(new Events\UserStatusChanged(['id' => 9, 'name' => 'Bob'], 'blocked', 'active'));
        }
        $this->assertReachedExactly([1], 'user_status_changed');
        $this->connectAs(9, '9');
    }
}

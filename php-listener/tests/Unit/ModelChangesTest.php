<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Facades\WebSocket;
use Ict\Bridge\Tests\Fixtures\Models;
use Ict\Bridge\Tests\Fixtures\Schema;
use Ict\Bridge\Tests\Support\FakePublisher;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Support\Facades\DB;

/**
 * Real Eloquent saves (SQLite) raise the help-desk events: through the
 * BroadcastsHelpDeskChanges trait, or WebSocket::observe() for Equipment.
 */
class ModelChangesTest extends TestCase
{
    private FakePublisher $published;

    protected function setUp(): void
    {
        parent::setUp();
        Schema::create();
        $this->app->instance(Publisher::class, $this->published = new FakePublisher());
        WebSocket::observe(Models\Equipment::class, 'equipment');
    }

    public function test_ticket_created_status_changed_and_assigned(): void
    {
        $ticket = Models\Ticket::create(['title' => 'Printer', 'user_id' => 7]);
        $created = $this->published->only('ticket_created');
        $this->assertSame(7, $created['data']['ticket']['requester_id']);
        $this->assertSame('Printer', $created['data']['ticket']['title']);

        $this->actingAs(new Models\User(['id' => 2, 'name' => 'Tech']));
        $ticket->update(['status' => 'in_progress', 'assigned_to' => 5]);
        $status = $this->published->only('ticket_status_changed')['data'];
        $this->assertSame(['', 'in_progress', 2], [$status['old_status'], $status['new_status'], $status['changed_by']]);
        $assigned = $this->published->only('ticket_assigned')['data'];
        $this->assertSame([5, null, 2], [$assigned['ticket']['assignee_id'], $assigned['previous_assignee_id'], $assigned['assigned_by']]);

        $this->published->envelopes = [];
        $ticket->update(['assigned_to' => 6]);
        $this->assertSame(5, $this->published->only('ticket_assigned')['data']['previous_assignee_id']);
        $this->assertSame(['ticket_assigned'], $this->published->types());

        $this->published->envelopes = [];
        $ticket->update(['title' => 'Printer on floor 2']);
        $this->assertSame([], $this->published->types(), 'a change of neither status nor assignee raises nothing');
    }

    public function test_status_change_of_a_freshly_loaded_ticket_has_its_old_status(): void
    {
        Models\Ticket::create(['title' => 'Printer', 'user_id' => 7]);
        $this->published->envelopes = [];
        Models\Ticket::first()->update(['status' => 'closed']);
        $data = $this->published->only('ticket_status_changed')['data'];
        $this->assertSame(['open', 'closed', null], [$data['old_status'], $data['new_status'], $data['changed_by']]);
    }

    public function test_comment_reads_its_ticket_through_the_relation(): void
    {
        $ticket = Models\Ticket::create(['title' => 'VPN', 'user_id' => 7, 'assigned_to' => 5]);
        Models\TicketComment::create(['ticket_id' => $ticket->id, 'user_id' => 8, 'body' => 'on it', 'is_internal' => 1]);

        $data = $this->published->only('ticket_comment_created')['data'];
        $this->assertSame([$ticket->id, 7, 5], [$data['ticket']['id'], $data['ticket']['requester_id'], $data['ticket']['assignee_id']]);
        $this->assertSame(8, $data['comment']['author_id']);
        $this->assertTrue($data['comment']['is_internal']);
    }

    public function test_user_created_hides_the_password_and_status_changes(): void
    {
        $user = Models\User::create(['name' => 'Ann', 'password' => 'hash']);
        $this->assertArrayNotHasKey('password', $this->published->only('user_created')['data']['user']);

        $user->update(['status' => 'blocked']);
        $data = $this->published->only('user_status_changed')['data'];
        $this->assertSame([$user->id, '', 'blocked'], [$data['user']['id'], $data['old_status'], $data['new_status']]);
    }

    public function test_equipment_observed_without_the_trait(): void
    {
        $item = Models\Equipment::create(['name' => 'HP 4250', 'status' => 'ok', 'location' => 'A-1', 'assigned_user_id' => 8]);
        $this->assertSame([], $this->published->types());

        $item->update(['status' => 'broken', 'location' => 'Service']);
        $status = $this->published->only('equipment_status_changed')['data'];
        $location = $this->published->only('equipment_location_changed')['data'];
        $this->assertSame(['ok', 'broken', 8], [$status['old_status'], $status['new_status'], $status['equipment']['assigned_user_id']]);
        $this->assertSame(['A-1', 'Service'], [$location['old_location'], $location['new_location']]);
    }

    public function test_articles_and_notifications(): void
    {
        $article = Models\KnowledgeArticle::create(['title' => 'Reset a password', 'author_id' => 8]);
        $this->assertFalse($this->published->only('knowledge_article_created')['data']['article']['is_published']);
        $article->update(['is_published' => true]);
        $this->assertTrue($this->published->only('knowledge_article_updated')['data']['article']['is_published']);

        Models\SystemNotification::create(['title' => 'Maintenance', 'user_ids' => [7], 'roles' => []]);
        $notification = $this->published->only('system_notification_created')['data']['notification'];
        $this->assertSame([7], $notification['user_ids']);
        $this->assertArrayNotHasKey('roles', $notification);
    }

    public function test_changes_are_announced_after_commit_and_never_after_rollback(): void
    {
        try {
            DB::transaction(function () {
                Models\Ticket::create(['title' => 'Rolled back', 'user_id' => 7]);
                throw new \RuntimeException('rollback');
            });
        } catch (\RuntimeException) {
        }
        $this->assertSame([], $this->published->types());

        DB::transaction(function () {
            Models\Ticket::create(['title' => 'Kept', 'user_id' => 7]);
            $this->assertSame([], $this->published->types(), 'not before the commit');
        });
        $this->assertSame('Kept', $this->published->only('ticket_created')['data']['ticket']['title']);
    }

    public function test_observing_twice_raises_once(): void
    {
        WebSocket::observe(Models\Equipment::class, 'equipment');
        Models\Equipment::create(['name' => 'x', 'status' => 'ok', 'location' => 'A'])->update(['status' => 'broken']);
        $this->assertSame(['equipment_status_changed'], $this->published->types());
    }

    public function test_unknown_kind_is_refused_clearly(): void
    {
        $this->expectExceptionMessage('unknown model kind [printer]');
        WebSocket::observe(Models\Equipment::class, 'printer');
    }
}

<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Events;
use Ict\Bridge\Facades\WebSocket;
use Ict\Bridge\Support\Flag;
use Ict\Bridge\Tests\Fixtures\Models;
use Ict\Bridge\Tests\Fixtures\Schema;
use Ict\Bridge\Tests\Support\FakePublisher;
use Ict\Bridge\Tests\Support\FlagValues;
use Ict\Bridge\Tests\TestCase;

/**
 * Every flag value of the contract's table, read by Support\Flag and published
 * by the real events and the real listener as a JSON boolean: an unclear
 * is_internal is internal, an unclear is_published a draft, an unclear
 * audience.everyone not everyone.
 */
class FlagTest extends TestCase
{
    private const TICKET = ['id' => 1, 'requester_id' => 7];

    private FakePublisher $published;

    protected function setUp(): void
    {
        parent::setUp();
        $this->app->instance(Publisher::class, $this->published = new FakePublisher());
    }

    public static function readings(): array
    {
        return FlagValues::readings();
    }

    public static function internal(): array
    {
        return FlagValues::internal();
    }

    public static function published(): array
    {
        return FlagValues::published();
    }

    /** @dataProvider readings */
    public function test_the_reading_of_each_value(mixed $value, ?bool $reading): void
    {
        $this->assertSame($reading, Flag::read($value === FlagValues::ABSENT ? null : $value));
        $this->assertSame($reading !== false, Flag::unlessNo($value === FlagValues::ABSENT ? null : $value));
        $this->assertSame($reading === true, Flag::yes($value === FlagValues::ABSENT ? null : $value));
    }

    /** @dataProvider internal */
    public function test_comment_is_internal_is_published_as_a_boolean(mixed $value, bool $internal): void
    {
        $event = new Events\TicketCommentCreated(FlagValues::with(['id' => 3, 'author_id' => 8], 'is_internal', $value), self::TICKET);
        event($event);

        $this->assertSame($internal, $this->published->only('ticket_comment_created')['data']['comment']['is_internal']);
        $this->assertSame($internal, $event->comment['is_internal']);
        $this->assertStringContainsString('"is_internal":'.($internal ? 'true' : 'false'), json_encode($event->toEnvelope()));
    }

    /** @dataProvider internal */
    public function test_is_internal_changed_after_the_event_was_made_is_read_again(mixed $value, bool $internal): void
    {
        $event = new Events\TicketCommentCreated(['id' => 3, 'author_id' => 8, 'is_internal' => false], self::TICKET);
        $event->comment = FlagValues::with(['id' => 3, 'author_id' => 8], 'is_internal', $value);
        event($event);

        $this->assertSame($internal, $this->published->only('ticket_comment_created')['data']['comment']['is_internal']);
    }

    /** @dataProvider published */
    public function test_article_is_published_is_published_as_a_boolean(mixed $value, bool $published): void
    {
        $article = FlagValues::with(['id' => 11, 'author_id' => 8], 'is_published', $value);
        event(new Events\KnowledgeArticleCreated($article));
        $updated = new Events\KnowledgeArticleUpdated($article);
        event($updated);

        $this->assertSame($published, $this->published->only('knowledge_article_created')['data']['article']['is_published']);
        $this->assertSame($published, $this->published->only('knowledge_article_updated')['data']['article']['is_published']);

        $updated->article = FlagValues::with(['id' => 11, 'author_id' => 8], 'is_published', $value);
        $this->assertSame($published, $updated->toEnvelope()['data']['article']['is_published'], 'read again when changed');
    }

    /** @dataProvider published */
    public function test_audience_everyone_is_published_as_a_boolean(mixed $value, bool $everyone): void
    {
        $event = new Events\TicketCreated(self::TICKET);
        $event->audience = FlagValues::with(['users' => [9]], 'everyone', $value);
        event($event);

        $audience = $this->published->only('ticket_created')['audience'];
        $this->assertSame($value === FlagValues::ABSENT ? ['users' => [9]] : ['users' => [9], 'everyone' => $everyone], $audience);
    }

    /** @dataProvider internal */
    public function test_websocket_publish_of_a_type_reads_the_flags_too(mixed $value, bool $internal): void
    {
        WebSocket::publish(
            'ticket_comment_created',
            ['ticket' => self::TICKET, 'comment' => FlagValues::with(['id' => 3, 'author_id' => 8], 'is_internal', $value),
                'article' => FlagValues::with(['id' => 11], 'is_published', $value)],
            FlagValues::with([], 'everyone', $value) ?: null,
        );

        $envelope = $this->published->only('ticket_comment_created');
        if ($value === FlagValues::ABSENT) {
            $this->assertArrayNotHasKey('is_internal', $envelope['data']['comment'], 'absent stays absent (the bridge reads it as no)');
            $this->assertArrayNotHasKey('audience', $envelope);

            return;
        }
        $this->assertSame($internal, $envelope['data']['comment']['is_internal']);
        $this->assertSame(FlagValues::published()[$this->dataName()][1], $envelope['data']['article']['is_published']);
        $this->assertSame(FlagValues::published()[$this->dataName()][1], $envelope['audience']['everyone']);
    }

    public static function columns(): array
    {
        // What an Eloquent model holds: tinyint 0/1 from the database, or what the app assigned.
        return ['tinyint 1' => [1, true], 'tinyint 0' => [0, false], '"1"' => ['1', true], '"0"' => ['0', false],
            'true' => [true, true], 'false' => [false, false], '"true"' => ['true', true], '"yes"' => ['yes', null]];
    }

    /** @dataProvider columns */
    public function test_eloquent_comments_and_articles(mixed $value, ?bool $reading): void
    {
        Schema::create();
        $ticket = Models\Ticket::create(['title' => 'VPN', 'user_id' => 7]);
        Models\TicketComment::create(['ticket_id' => $ticket->id, 'user_id' => 8, 'body' => 'x', 'is_internal' => $value]);
        Models\KnowledgeArticle::create(['title' => 'VPN', 'author_id' => 8, 'is_published' => $value]);

        $this->assertSame($reading !== false, $this->published->only('ticket_comment_created')['data']['comment']['is_internal']);
        $this->assertSame($reading === true, $this->published->only('knowledge_article_created')['data']['article']['is_published']);

        // Loaded back, the column is what the database stored (SQLite: 0/1 for booleans and numbers).
        $this->published->envelopes = [];
        Models\KnowledgeArticle::first()->update(['title' => 'VPN again']);
        $stored = Models\KnowledgeArticle::first()->getRawOriginal('is_published');
        $this->assertSame(Flag::yes($stored), $this->published->only('knowledge_article_updated')['data']['article']['is_published']);
    }

    public function test_a_hidden_is_internal_column_still_makes_the_comment_internal(): void
    {
        Schema::create();
        $ticket = Models\Ticket::create(['title' => 'VPN', 'user_id' => 7]);
        $comment = new class (['ticket_id' => $ticket->id, 'user_id' => 8, 'body' => 'x', 'is_internal' => 1]) extends Models\TicketComment {
            protected static string $helpDeskKind = 'comment';

            protected $table = 'ticket_comments';

            protected $hidden = ['is_internal'];
        };
        $comment->save();

        $this->assertTrue($this->published->only('ticket_comment_created')['data']['comment']['is_internal']);

        $this->published->envelopes = [];
        WebSocket::publish('ticket_comment_created', ['ticket' => $ticket, 'comment' => $comment]);
        $this->assertTrue($this->published->only('ticket_comment_created')['data']['comment']['is_internal'], 'a model given to publish()');
    }

    public function test_a_mapped_is_internal_column_is_read_by_the_same_rule(): void
    {
        config(['websocket.attributes.comment.is_internal' => 'body']);
        $comment = new Models\TicketComment(['id' => 3, 'user_id' => 8, 'body' => 'TRUE']);

        $this->assertTrue((new Events\TicketCommentCreated($comment, self::TICKET))->comment['is_internal']);
        $comment->body = 'Yes please';
        $this->assertTrue((new Events\TicketCommentCreated($comment, self::TICKET))->comment['is_internal']);
        $comment->body = 'false';
        $this->assertFalse((new Events\TicketCommentCreated($comment, self::TICKET))->comment['is_internal']);
    }
}

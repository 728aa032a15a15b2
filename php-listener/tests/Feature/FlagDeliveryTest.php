<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\FlagValues;
use Ict\Bridge\Tests\Support\StreamCursor;
use Ict\Bridge\Tests\TestCase;

/**
 * Each flag value of the contract's table, in a real event through the real
 * listener: what reaches the Redis Stream is a JSON true/false, and the real bridge
 * delivers accordingly. An internal comment never reaches the requester, a
 * draft never reaches a bystander, whatever shape the flag had.
 */
class FlagDeliveryTest extends TestCase
{
    use BridgeSessions;

    /** 2 technician (staff), 7 requester, 8 author, 9 bystander. */
    private const USERS = [2 => ['technician'], 7 => [], 8 => [], 9 => []];

    private const TICKET = ['id' => 901, 'title' => 'VPN', 'requester_id' => 7];

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public static function internal(): array
    {
        return FlagValues::internal();
    }

    public static function published(): array
    {
        return FlagValues::published();
    }

    /** @dataProvider internal */
    public function test_comment_is_internal(mixed $value, bool $internal): void
    {
        $stream = new StreamCursor('laravel_database_bridge:events');
        $this->connectUsers(self::USERS);

        event(new Events\TicketCommentCreated(FlagValues::with(['id' => 31, 'author_id' => 8, 'body' => 'x'], 'is_internal', $value), self::TICKET));

        $payload = $this->payload($stream, 'ticket_comment_created');
        $this->assertStringContainsString('"is_internal":'.($internal ? 'true' : 'false'), $payload);
        $this->assertSame($internal, json_decode($payload, true)['data']['comment']['is_internal']);
        $this->assertReachedExactly($internal ? [2, 8] : [2, 7, 8], 'ticket_comment_created', function (array $data) use ($internal) {
            $this->assertSame($internal, $data['comment']['is_internal']);
        });
    }

    /** @dataProvider published */
    public function test_article_is_published(mixed $value, bool $published): void
    {
        $stream = new StreamCursor('laravel_database_bridge:events');
        $this->connectUsers(self::USERS);
        $article = FlagValues::with(['id' => 41, 'title' => 'VPN', 'author_id' => 8], 'is_published', $value);

        foreach ([new Events\KnowledgeArticleCreated($article), new Events\KnowledgeArticleUpdated($article)] as $event) {
            event($event);

            $payload = $this->payload($stream, $event->type());
            $this->assertStringContainsString('"is_published":'.($published ? 'true' : 'false'), $payload);
            $this->assertSame($published, json_decode($payload, true)['data']['article']['is_published']);
            $this->assertReachedExactly($published ? [2, 7, 8, 9] : [2, 8], $event->type());
        }
    }

    /** @dataProvider published */
    public function test_audience_everyone(mixed $value, bool $everyone): void
    {
        $stream = new StreamCursor('laravel_database_bridge:events');
        $this->connectUsers(self::USERS);
        $event = new Events\UserCreated(['id' => 51, 'name' => 'New']); // admins only, none connected
        $event->audience = FlagValues::with(['users' => [7]], 'everyone', $value);

        event($event);

        $audience = json_decode($this->payload($stream, 'user_created'), true)['audience'];
        $this->assertSame($value === FlagValues::ABSENT ? ['users' => [7]] : ['users' => [7], 'everyone' => $everyone], $audience);
        $this->assertReachedExactly($everyone ? [2, 7, 8, 9] : [7], 'user_created');
    }

    /** The field `m` of the one entry of `$type` appended to the stream since the last look. */
    private function payload(StreamCursor $stream, string $type): string
    {
        $entries = $stream->ofType($type);
        $this->assertCount(1, $entries, "$type was not appended to the stream once");
        $this->assertSame('m', $entries[0]['fields'][0]);
        $this->assertCount(2, $entries[0]['fields'], 'one field, m: '.json_encode($entries[0]['fields']));

        return $entries[0]['fields'][1];
    }
}

<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\FlagValues;
use Ict\Bridge\Tests\Support\RedisSpy;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\TestCase;

/**
 * Each flag value of the contract's table, in a real event through the real
 * listener: what reaches Redis is a JSON true/false, and the real bridge
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
        $spy = new RedisSpy(Services::redisPort(), '*ict.events');
        $this->connectUsers(self::USERS);

        event(new Events\TicketCommentCreated(FlagValues::with(['id' => 31, 'author_id' => 8, 'body' => 'x'], 'is_internal', $value), self::TICKET));

        $payload = $this->payload($spy, 'ticket_comment_created');
        $this->assertStringContainsString('"is_internal":'.($internal ? 'true' : 'false'), $payload);
        $this->assertSame($internal, json_decode($payload, true)['data']['comment']['is_internal']);
        $this->assertReachedExactly($internal ? [2, 8] : [2, 7, 8], 'ticket_comment_created', function (array $data) use ($internal) {
            $this->assertSame($internal, $data['comment']['is_internal']);
        });
    }

    /** @dataProvider published */
    public function test_article_is_published(mixed $value, bool $published): void
    {
        $spy = new RedisSpy(Services::redisPort(), '*ict.events');
        $this->connectUsers(self::USERS);
        $article = FlagValues::with(['id' => 41, 'title' => 'VPN', 'author_id' => 8], 'is_published', $value);

        foreach ([new Events\KnowledgeArticleCreated($article), new Events\KnowledgeArticleUpdated($article)] as $event) {
            event($event);

            $payload = $this->payload($spy, $event->type());
            $this->assertStringContainsString('"is_published":'.($published ? 'true' : 'false'), $payload);
            $this->assertSame($published, json_decode($payload, true)['data']['article']['is_published']);
            $this->assertReachedExactly($published ? [2, 7, 8, 9] : [2, 8], $event->type());
        }
    }

    /** @dataProvider published */
    public function test_audience_everyone(mixed $value, bool $everyone): void
    {
        $spy = new RedisSpy(Services::redisPort(), '*ict.events');
        $this->connectUsers(self::USERS);
        $event = new Events\UserCreated(['id' => 51, 'name' => 'New']); // admins only, none connected
        $event->audience = FlagValues::with(['users' => [7]], 'everyone', $value);

        event($event);

        $audience = json_decode($this->payload($spy, 'user_created'), true)['audience'];
        $this->assertSame($value === FlagValues::ABSENT ? ['users' => [7]] : ['users' => [7], 'everyone' => $everyone], $audience);
        $this->assertReachedExactly($everyone ? [2, 7, 8, 9] : [7], 'user_created');
    }

    /** The payload of the next envelope of `$type` on the events channel. */
    private function payload(RedisSpy $spy, string $type): string
    {
        $message = $spy->message(3.0);
        $this->assertNotNull($message, "$type was not published to Redis");
        $this->assertSame($type, json_decode($message['payload'], true)['type'] ?? null, $message['payload']);

        return $message['payload'];
    }
}

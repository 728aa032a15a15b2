<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events\UserCreated;
use Ict\Bridge\Exceptions\PublishFailed;
use Ict\Bridge\Publishing\Json;
use Ict\Bridge\Publishing\RedisPublisher;
use Ict\Bridge\Tests\Support\RedisClient;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\Support\StreamCursor;
use Ict\Bridge\Tests\TestCase;

/**
 * What reaches Redis, read with a raw client: one XADD of the listener
 * envelope to the stream, field `m` only, key prefixed once by Laravel's
 * prefix, trimmed approximately at BRIDGE_HISTORY; through phpredis and predis.
 */
class StreamAppendTest extends TestCase
{
    /** The suite's stream as Redis holds it: Laravel's prefix + BRIDGE_STREAM (run.sh). */
    private const KEY = 'laravel_database_bridge:events';

    /** @var list<string> keys made by a test, deleted after it */
    private array $scratchKeys = [];

    protected function tearDown(): void
    {
        if ($this->scratchKeys !== []) {
            (new RedisClient(Services::redisPort()))->command('DEL', ...$this->scratchKeys);
        }
        parent::tearDown();
    }

    public static function clients(): array
    {
        return ['phpredis' => ['phpredis'], 'predis' => ['predis']];
    }

    /** @dataProvider clients */
    public function test_the_envelope_is_appended_once_as_field_m_of_the_prefixed_stream(string $client): void
    {
        config(['database.redis.client' => $client]);
        $stream = new StreamCursor(self::KEY);
        $id = random_int(100000, 999999);

        event((new UserCreated(['id' => $id, 'name' => 'Ann']))->to([5]));

        $mine = array_values(array_filter($stream->ofType('user_created'),
            fn ($entry) => ($entry['envelope']['data']['user']['id'] ?? null) === $id));
        $this->assertCount(1, $mine, 'appended once to '.self::KEY);
        [$field, $json] = $mine[0]['fields'] + [null, null];
        $this->assertSame(['m', $json], $mine[0]['fields'], 'exactly one field, m');
        $envelope = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        $this->assertSame(['type', 'data', 'audience', 'occurred_at'], array_keys($envelope));
        $this->assertSame(['user' => ['id' => $id, 'name' => 'Ann']], $envelope['data']);
        $this->assertSame(['users' => [5]], $envelope['audience']);
        $this->assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/', $envelope['occurred_at']);
        $this->assertSame(Json::encode($envelope), $json, 'the JSON as the package encodes it, not serialized again');
        $this->assertFalse($stream->redis->exists('bridge:events'), 'not written without the prefix');
        $this->assertFalse($stream->redis->exists('laravel_database_'.self::KEY), 'not prefixed twice');
    }

    /** @dataProvider clients */
    public function test_the_command_is_xadd_maxlen_approximately_history_with_an_automatic_id(string $client): void
    {
        config(['database.redis.client' => $client, 'websocket.history' => '250']);
        $monitor = new RedisClient(Services::redisPort());
        $monitor->monitor();
        $envelope = ['type' => 'custom_event', 'data' => ['text' => "Не печатает \"принтер\"\n"], 'occurred_at' => '2024-01-01T00:00:00Z'];

        (new RedisPublisher($this->app))->publish($envelope);

        $command = $monitor->nextCommand('XADD', 3.0);
        $this->assertSame(['XADD', self::KEY, 'MAXLEN', '~', '250', '*', 'm', Json::encode($envelope)], $command);
    }

    /** @dataProvider clients */
    public function test_a_stream_name_written_with_the_prefix_is_not_prefixed_twice(string $client): void
    {
        $name = 'bridge-tests:'.bin2hex(random_bytes(4));
        $this->scratchKeys = ["laravel_database_$name", "laravel_database_laravel_database_$name", $name];
        config(['database.redis.client' => $client, 'websocket.stream' => "laravel_database_$name"]);
        $redis = new RedisClient(Services::redisPort());

        (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => ['n' => 1]]);
        config(['websocket.stream' => $name]);
        (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => ['n' => 2]]);

        $entries = $redis->entriesAfter("laravel_database_$name");
        $this->assertSame([['m', '{"type":"custom_event","data":{"n":1}}'], ['m', '{"type":"custom_event","data":{"n":2}}']],
            array_column($entries, 'fields'), 'both names reach the key with the prefix once');
        $this->assertFalse($redis->exists("laravel_database_laravel_database_$name"));
        $this->assertFalse($redis->exists($name));
    }

    /** @dataProvider clients */
    public function test_another_laravel_prefix_is_applied_once_too(string $client): void
    {
        $name = 'bridge-tests:'.bin2hex(random_bytes(4));
        $this->scratchKeys = ["helpdesk_$name", "laravel_database_$name", "helpdesk_helpdesk_$name", $name];
        config(['database.redis.client' => $client, 'database.redis.options.prefix' => 'helpdesk_']);
        $redis = new RedisClient(Services::redisPort());

        foreach ([$name, "helpdesk_$name"] as $stream) {
            config(['websocket.stream' => $stream]);
            (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => []]);
        }

        $this->assertCount(2, $redis->entriesAfter("helpdesk_$name"));
        foreach (["laravel_database_$name", "helpdesk_helpdesk_$name", $name] as $other) {
            $this->assertFalse($redis->exists($other), "$other written");
        }
    }

    /** @dataProvider clients */
    public function test_the_stream_is_trimmed_approximately_at_history(string $client): void
    {
        $history = 100;
        $key = 'laravel_database_bridge-tests:trim-'.bin2hex(random_bytes(4));
        $this->scratchKeys = [$key];
        config(['database.redis.client' => $client, 'websocket.history' => (string) $history, 'websocket.stream' => $key]);
        $redis = new RedisClient(Services::redisPort());
        $node = (int) ($redis->command('CONFIG', 'GET', 'stream-node-max-entries')[1] ?? 100);
        $this->assertGreaterThan(1, $node, 'whole radix-tree nodes are trimmed, so ~ can keep more than MAXLEN');
        $publisher = new RedisPublisher($this->app);

        $lengths = [];
        for ($n = 1; $n <= 3 * $history; $n++) {
            $publisher->publish(['type' => 'custom_event', 'data' => ['n' => $n]]);
            $lengths[$n] = $redis->command('XLEN', $key);
        }

        $this->assertSame(range(1, $history), array_slice($lengths, 0, $history), 'nothing trimmed up to MAXLEN');
        $this->assertGreaterThanOrEqual($history, min(array_slice($lengths, $history)), 'never below BRIDGE_HISTORY');
        $this->assertLessThanOrEqual($history + $node, max($lengths), 'bounded: at most one node over BRIDGE_HISTORY');
        $this->assertLessThan(3 * $history, $lengths[3 * $history], 'trimmed');
        $this->assertGreaterThan($history, max($lengths), 'approximate (~): exact trimming never exceeds MAXLEN');
        $newest = $redis->command('XREVRANGE', $key, '+', '-', 'COUNT', 1)[0][1];
        $this->assertSame(['m', '{"type":"custom_event","data":{"n":'.(3 * $history).'}}'], $newest, 'the oldest go first');
    }

    public static function badHistories(): array
    {
        return [
            'zero' => ['0'], 'int zero' => [0], 'negative' => ['-5'], 'int negative' => [-1], 'word' => ['lots'],
            'decimal' => ['1.5'], 'float' => [100.0], 'empty' => [''], 'spaces' => [' 100'], 'unit' => ['100k'],
            'true' => [true], 'list' => [[100]],
        ];
    }

    /** @dataProvider badHistories */
    public function test_a_bad_history_is_refused_naming_the_setting_and_nothing_is_appended(mixed $history): void
    {
        config(['websocket.history' => $history]);
        $stream = new StreamCursor(self::KEY);

        try {
            (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => []]);
            $this->fail('published with BRIDGE_HISTORY '.json_encode($history));
        } catch (PublishFailed $e) {
            $this->assertSame('BRIDGE_HISTORY', $e->setting);
            $this->assertStringContainsString('BRIDGE_HISTORY (websocket.history) must be a whole number', $e->getMessage());
            $this->assertStringContainsString('at least 1 (default 10000)', $e->getMessage());
        }
        $this->assertSame([], $stream->read());
    }

    public static function badStreams(): array
    {
        return ['empty' => [''], 'blank' => ['  '], 'padded' => [' bridge:events'], 'number' => [5], 'false' => [false]];
    }

    /** @dataProvider badStreams */
    public function test_a_bad_stream_name_is_refused_naming_the_setting(mixed $name): void
    {
        config(['websocket.stream' => $name]);
        $stream = new StreamCursor(self::KEY);

        try {
            (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => []]);
            $this->fail('published with BRIDGE_STREAM '.json_encode($name));
        } catch (PublishFailed $e) {
            $this->assertSame('BRIDGE_STREAM', $e->setting);
            $this->assertStringContainsString('BRIDGE_STREAM (websocket.stream) must be the name of the Redis Stream', $e->getMessage());
        }
        $this->assertSame([], $stream->read());
    }

    /** @dataProvider clients */
    public function test_an_error_reply_is_a_failure_whatever_the_client(string $client): void
    {
        $name = 'bridge-tests:'.bin2hex(random_bytes(4));
        $this->scratchKeys = ["laravel_database_$name"];
        (new RedisClient(Services::redisPort()))->command('SET', "laravel_database_$name", 'not a stream');
        config(['database.redis.client' => $client, 'websocket.stream' => $name]);

        $this->expectException(PublishFailed::class);
        $this->expectExceptionMessageMatches("/^Redis XADD to stream \\[laravel_database_$name\\] through connection \\[default\\] failed: WRONGTYPE/");
        (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => []]);
    }
}

<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events\TicketCreated;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Log\Events\MessageLogged;
use Illuminate\Support\Facades\Event;

/** Redis down: POST /broadcast. Both down: a logged warning and a successful request. */
class FallbackTest extends TestCase
{
    use BridgeSessions;

    /** @var list<MessageLogged> */
    private array $logged = [];

    protected function setUp(): void
    {
        parent::setUp();
        Event::listen(MessageLogged::class, fn (MessageLogged $m) => $this->logged[] = $m);
    }

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public function test_redis_down_falls_back_to_post_broadcast(): void
    {
        $this->connectUsers([7 => [], 9 => []]);
        config(['database.redis.default.port' => Services::freePort()]);
        $before = Services::status()['messages']['received'] ?? null;

        event(new TicketCreated(['id' => 201, 'requester_id' => 7]));

        $this->assertReachedExactly([7], 'ticket_created');
        $this->assertTrue($this->loggedAt('info', 'sent over POST /broadcast'), 'the fallback is logged');
        $this->assertFalse($this->loggedAt('warning', ''), 'no warning when the fallback worked');
        if (is_int($before)) {
            $this->assertGreaterThan($before, Services::status()['messages']['received']);
        }
    }

    public function test_a_bad_history_setting_falls_back_to_post_broadcast_with_a_warning_naming_it(): void
    {
        $this->connectUsers([7 => [], 9 => []]);
        config(['websocket.history' => '10k']);

        event(new TicketCreated(['id' => 202, 'requester_id' => 7]));

        $this->assertReachedExactly([7], 'ticket_created');
        $this->assertTrue($this->loggedAt('warning', 'BRIDGE_HISTORY is invalid, event sent over POST /broadcast'), $this->logText());
        $this->assertSame('BRIDGE_HISTORY', $this->warning()->context['setting']);
        $this->assertStringContainsString('not "10k"', $this->warning()->context['redis']);
        $this->assertFalse($this->loggedAt('info', ''), 'a bad setting is not a Redis outage');
    }

    public function test_a_wrong_broadcast_token_counts_as_failure(): void
    {
        config(['database.redis.default.port' => Services::freePort(), 'websocket.broadcast_token' => 'wrong']);

        $this->post('/tickets/5/close')->assertOk()->assertJson(['closed' => 5]);

        $this->assertTrue($this->loggedAt('warning', '401'), 'warning names the refused POST: '.$this->logText());
    }

    public function test_both_down_the_request_succeeds_with_a_warning(): void
    {
        config(['database.redis.default.port' => Services::freePort(), 'websocket.port' => Services::freePort()]);

        $started = microtime(true);
        $this->post('/tickets/5/close')->assertOk()->assertJson(['closed' => 5]);

        $this->assertLessThan(2.0, microtime(true) - $started, 'refused connections fail fast');
        $this->assertTrue($this->loggedAt('warning', 'event not delivered to the bridge'), $this->logText());
        $warning = $this->warning();
        $this->assertSame('ticket_status_changed', $warning->context['type']);
        $this->assertStringContainsString('Redis XADD to stream [bridge:events] through connection [default] failed', $warning->context['redis']);
        $this->assertStringContainsString('/broadcast failed', $warning->context['http']);
    }

    public function test_silent_services_are_given_up_after_websocket_timeout(): void
    {
        // Accepting sockets that never answer: only the timeouts end the attempts.
        $redis = stream_socket_server('tcp://127.0.0.1:0');
        $http = stream_socket_server('tcp://127.0.0.1:0');
        $port = fn ($server) => (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
        config([
            'websocket.timeout' => 1,
            'database.redis.default.port' => $port($redis),
            'websocket.http_url' => 'http://127.0.0.1:'.$port($http),
        ]);
        $this->app->forgetInstance(\Ict\Bridge\Contracts\Publisher::class);

        $started = microtime(true);
        $this->post('/tickets/5/close')->assertOk();
        $elapsed = microtime(true) - $started;

        $this->assertLessThan(3.5, $elapsed, 'each attempt bounded by WEBSOCKET_TIMEOUT=1');
        $this->assertGreaterThan(0.9, $elapsed, 'the Redis attempt did wait for its timeout');
        $this->assertTrue($this->loggedAt('warning', 'event not delivered to the bridge'), $this->logText());
        fclose($redis);
        fclose($http);
    }

    private function loggedAt(string $level, string $text): bool
    {
        foreach ($this->logged as $m) {
            if ($m->level === $level && str_contains($m->message.json_encode($m->context), $text)) {
                return true;
            }
        }

        return false;
    }

    private function warning(): MessageLogged
    {
        return array_values(array_filter($this->logged, fn ($m) => $m->level === 'warning'))[0];
    }

    private function logText(): string
    {
        return implode("\n", array_map(fn ($m) => "{$m->level}: {$m->message} ".json_encode($m->context), $this->logged));
    }
}

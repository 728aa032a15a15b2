<?php

namespace Ict\Bridge\Tests\Support;

use Ict\Bridge\Tokens\Jwt;

/**
 * WebSocket sessions of several users at the suite's bridge, and the check
 * that an event reached exactly the expected ones: each expected session reads
 * the event, then a sentinel sent to everyone must be the next event of every
 * session (so nobody else got it, and nobody got it twice).
 */
trait BridgeSessions
{
    /** @var array<int|string, WebSocketClient> */
    protected array $sessions = [];

    /** @var array<int|string, array<string, mixed>> the bridge:welcome of each session */
    protected array $welcomes = [];

    /** @param array<int, list<string>> $users user id => roles */
    protected function connectUsers(array $users): void
    {
        foreach ($users as $id => $roles) {
            $this->connectAs($id, (string) $id, $roles);
        }
    }

    /** A session under `$key` (several sessions of one user need distinct keys). */
    protected function connectAs(int|string $key, string $user, array $roles = []): WebSocketClient
    {
        return $this->sessions[$key] = $this->connectWithToken($this->mintToken($user, $roles), $user, $key);
    }

    protected function mintToken(string $sub, array $roles, int $ttl = 600): string
    {
        return Jwt::encode(['sub' => $sub, 'roles' => $roles, 'iat' => time(), 'exp' => time() + $ttl], Services::env('BRIDGE_SECRET'));
    }

    protected function connectWithToken(string $token, string $expectedUser, int|string|null $key = null): WebSocketClient
    {
        $client = WebSocketClient::connect('ws://127.0.0.1:'.Services::bridgePort().'/ws?token='.rawurlencode($token));
        $welcome = $client->receiveJson(5.0);
        $this->assertSame('bridge:welcome', $welcome['type'] ?? null, 'first frame: '.json_encode($welcome)." close={$client->closeCode}");
        $this->assertSame($expectedUser, $welcome['user_id']);
        $this->welcomes[$key ?? $expectedUser] = $welcome;

        return $client;
    }

    /** The next non-bridge frame of a session, or null within $timeout. */
    protected function nextEvent(WebSocketClient $client, float $timeout = 5.0): ?array
    {
        $deadline = microtime(true) + $timeout;
        while (($left = $deadline - microtime(true)) > 0) {
            $frame = $client->receiveJson($left);
            if ($frame === null) {
                return null;
            }
            if (! str_starts_with((string) ($frame['type'] ?? ''), 'bridge:')) {
                return $frame;
            }
        }

        return null;
    }

    /** @param list<int|string> $expected session keys */
    protected function assertReachedExactly(array $expected, string $type, ?callable $check = null): void
    {
        foreach ($expected as $id) {
            $frame = $this->nextEvent($this->sessions[$id]);
            $this->assertNotNull($frame, "user $id did not receive $type");
            $this->assertSame($type, $frame['type'], "user $id got another event first: ".json_encode($frame));
            $this->assertMatchesRegularExpression('/^\d+-\d+$/', $frame['id']);
            $this->assertArrayNotHasKey('audience', $frame);
            if ($check) {
                $check($frame['data'], $id);
            }
        }
        $this->assertNothingElse();
    }

    /** Every session's next event is a fresh sentinel sent to everyone. */
    protected function assertNothingElse(): void
    {
        $marker = 'sentinel-'.bin2hex(random_bytes(4));
        $this->postBroadcast(['type' => 'system_notification_created',
            'data' => ['notification' => ['id' => $marker, 'title' => 'sentinel']]]);
        foreach ($this->sessions as $id => $client) {
            $frame = $this->nextEvent($client);
            $this->assertNotNull($frame, "user $id did not receive the sentinel");
            $this->assertSame($marker, $frame['data']['notification']['id'] ?? null,
                "user $id received something it should not: ".json_encode($frame));
        }
    }

    /** POST /broadcast straight to the bridge (not through the package). */
    protected function postBroadcast(array $envelope): void
    {
        $context = stream_context_create(['http' => [
            'method' => 'POST',
            'header' => "Content-Type: application/json\r\nAuthorization: Bearer ".Services::env('BRIDGE_BROADCAST_TOKEN'),
            'content' => json_encode($envelope),
            'timeout' => 3,
            'ignore_errors' => true,
        ]]);
        @file_get_contents(Services::bridgeUrl('/broadcast'), false, $context);
        $this->assertMatchesRegularExpression('#\s202\s?#', $http_response_header[0] ?? '', 'POST /broadcast: '.($http_response_header[0] ?? 'no answer'));
    }

    protected function closeSessions(): void
    {
        foreach ($this->sessions as $client) {
            $client->close();
        }
        $this->sessions = [];
    }
}

<?php

namespace Ict\Bridge\Tests\Support;

use RuntimeException;

/**
 * A Pusher protocol 7 client of the suite's bridge (`/app/{key}`), over the
 * suite's raw WebSocketClient: what pusher-js and Laravel Echo send and read.
 */
final class PusherSocket
{
    public readonly string $socketId;

    private function __construct(public readonly WebSocketClient $client)
    {
        $established = $client->receiveJson(5.0);
        if (($established['event'] ?? null) !== 'pusher:connection_established') {
            throw new RuntimeException('expected pusher:connection_established, got '.json_encode($established)." close={$client->closeCode}");
        }
        $this->socketId = json_decode($established['data'], true)['socket_id'];
    }

    public static function connect(): self
    {
        $key = rawurlencode(Services::env('PUSHER_APP_KEY'));

        return new self(WebSocketClient::connect('ws://127.0.0.1:'.Services::bridgePort()."/app/$key?protocol=7&client=php&version=1"));
    }

    /**
     * Sends pusher:subscribe and answers the bridge's reply
     * (pusher_internal:subscription_succeeded or pusher:subscription_error).
     *
     * @param  array<string, string>  $authorisation  /broadcasting/auth's answer (auth, channel_data)
     */
    public function subscribe(string $channel, array $authorisation = []): array
    {
        $this->client->sendJson(['event' => 'pusher:subscribe', 'data' => ['channel' => $channel] + $authorisation]);

        return $this->next() ?? throw new RuntimeException("no answer to pusher:subscribe $channel");
    }

    /** The next frame other than pusher:ping (answered), or null within $timeout. */
    public function next(float $timeout = 5.0): ?array
    {
        $deadline = microtime(true) + $timeout;
        while (($left = $deadline - microtime(true)) > 0) {
            $frame = $this->client->receiveJson($left);
            if ($frame === null) {
                return null;
            }
            if (($frame['event'] ?? null) === 'pusher:ping') {
                $this->client->sendJson(['event' => 'pusher:pong', 'data' => []]);
                continue;
            }

            return $frame;
        }

        return null;
    }

    public function close(): void
    {
        $this->client->close();
    }
}

<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Tests\Support\BridgeProcess;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\Support\WebSocketClient;
use Ict\Bridge\Tokens\Jwt;
use PHPUnit\Framework\TestCase;

/** `php artisan websocket:serve --port=…` runs the real bridge with the app's configuration. */
class ServeCommandProcessTest extends TestCase
{
    public function test_serve_starts_the_bridge_with_the_apps_secret_and_stops_on_sigterm(): void
    {
        $port = Services::freePort();
        $process = BridgeProcess::start(
            [PHP_BINARY, dirname(__DIR__).'/app/artisan', 'websocket:serve', '--port='.$port],
            // --port wins over the env; REDIS_URL is built from Laravel's redis connection.
            ['REDIS_PORT' => (string) Services::redisPort(), 'WEBSOCKET_PORT' => '1', 'REDIS_URL' => null]
        );
        try {
            $this->assertTrue(Services::waitFor200("http://127.0.0.1:$port/ready", 20), 'bridge not ready: '.$process->output());

            $token = Jwt::encode(['sub' => '5', 'exp' => time() + 60], Services::env('BRIDGE_SECRET'));
            $client = WebSocketClient::connect("ws://127.0.0.1:$port/ws?token=$token");
            $this->assertSame('bridge:welcome', $client->receiveJson(5)['type'] ?? null, 'BRIDGE_SECRET reached the bridge');

            $process->signal(SIGTERM);
            $this->assertTrue($process->waitForExit(8), 'artisan and the bridge exit after SIGTERM');
            $this->assertFalse(Services::portOpen($port));
        } finally {
            $process->stop();
        }
    }
}

<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Tests\Support\BridgeProcess;
use Ict\Bridge\Tests\Support\Services;
use PHPUnit\Framework\TestCase;

/** The repository's start-websocket.sh: the bridge without Laravel, with a local Redis when none answers. */
class StartScriptTest extends TestCase
{
    private const SCRIPT = __DIR__.'/../../../start-websocket.sh';

    public function test_starts_redis_and_the_bridge_on_websocket_port_and_stops_both(): void
    {
        $port = Services::freePort();
        $redisPort = Services::freePort();
        $script = BridgeProcess::start(['bash', self::SCRIPT], [
            'WEBSOCKET_PORT' => (string) $port,
            'REDIS_URL' => "redis://127.0.0.1:$redisPort/0",
        ]);
        try {
            $this->assertTrue(Services::waitFor200("http://127.0.0.1:$port/ready", 20), 'not ready: '.$script->output());
            $this->assertTrue(Services::portOpen($redisPort), 'the script started redis-server on REDIS_URL\'s port');
            $this->assertStringContainsString('starting a local redis-server', $script->output());

            $script->signal(SIGTERM);
            $this->assertTrue($script->waitForExit(8), 'script exits after SIGTERM: '.$script->output());
            $this->assertFalse(Services::portOpen($port), 'bridge stopped');
            $this->assertFalse(Services::portOpen($redisPort), 'its redis-server stopped');
        } finally {
            $script->stop();
        }
    }

    public function test_uses_a_running_redis_and_names_a_bad_binary(): void
    {
        $bad = BridgeProcess::start(['bash', self::SCRIPT], ['BRIDGE_BIN' => '/nonexistent/bridge']);
        $this->assertTrue($bad->waitForExit(5));
        $this->assertStringContainsString('BRIDGE_BIN=/nonexistent/bridge is not an executable file', $bad->output());
        $bad->stop();

        $port = Services::freePort();
        $script = BridgeProcess::start(['bash', self::SCRIPT], ['WEBSOCKET_PORT' => (string) $port]);
        try {
            $this->assertTrue(Services::waitFor200("http://127.0.0.1:$port/ready", 20), 'not ready: '.$script->output());
            $this->assertStringNotContainsString('redis-server', $script->output());
        } finally {
            $script->stop();
        }
        $this->assertFalse(Services::portOpen($port));
    }
}

<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Console\BridgeEnvironment;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Support\Facades\Artisan;
use Symfony\Component\Console\Output\BufferedOutput;

class ServeCommandTest extends TestCase
{
    public function test_a_missing_binary_is_named_clearly(): void
    {
        $output = new BufferedOutput();
        $status = Artisan::call('websocket:serve', ['--bin' => '/nonexistent/bridge'], $output);

        $this->assertSame(1, $status);
        $this->assertStringContainsString(
            'bridge binary not found or not executable at [/nonexistent/bridge] (BRIDGE_BIN / --bin)',
            $output->fetch()
        );
    }

    public function test_the_bridge_gets_this_apps_configuration(): void
    {
        config([
            'websocket.port' => 9000,
            'websocket.timeout' => 2.5,
            'websocket.secret' => 'x',
            'websocket.redis_url' => null,
            'websocket.redis_prefix' => null,
            'database.redis.default' => ['host' => '10.0.0.3', 'port' => 6380, 'database' => 2, 'password' => 'p@ss'],
            'database.redis.options.prefix' => 'helpdesk_database_',
        ]);
        $env = $this->app->make(BridgeEnvironment::class)->variables();

        $this->assertSame('9000', $env['WEBSOCKET_PORT']);
        $this->assertSame('3', $env['WEBSOCKET_TIMEOUT'], 'whole seconds for the bridge');
        $this->assertSame('x', $env['BRIDGE_SECRET']);
        $this->assertSame('redis://:p%40ss@10.0.0.3:6380/2', $env['REDIS_URL']);
        $this->assertSame('helpdesk_database_', $env['BRIDGE_REDIS_PREFIX'], "Laravel's prefix by default");
        $this->assertSame('App.Models.User.{id}', $env['BRIDGE_USER_CHANNEL']);

        config(['websocket.redis_prefix' => '']);
        $this->assertSame('', $this->app->make(BridgeEnvironment::class)->variables()['BRIDGE_REDIS_PREFIX'], 'explicit empty prefix wins');
    }

    public function test_without_any_binary_it_says_where_it_looked(): void
    {
        config(['websocket.binary' => null]);
        $path = getenv('PATH');
        putenv('PATH=/nonexistent');
        try {
            $output = new BufferedOutput();
            $status = Artisan::call('websocket:serve', [], $output);
        } finally {
            putenv("PATH=$path");
        }

        $this->assertSame(1, $status);
        $this->assertStringContainsString('bridge binary not found: set BRIDGE_BIN to its path, put `bridge` on PATH', $output->fetch());
    }
}

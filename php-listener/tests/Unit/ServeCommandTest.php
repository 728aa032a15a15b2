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

    public function test_the_bridge_gets_the_pusher_app_of_the_bridge_broadcast_connection(): void
    {
        $pusher = fn () => array_intersect_key($this->app->make(BridgeEnvironment::class)->variables(),
            array_flip(['PUSHER_APP_ID', 'PUSHER_APP_KEY', 'PUSHER_APP_SECRET']));
        config(['broadcasting.default' => 'redis', 'broadcasting.connections' => [
            'redis' => ['driver' => 'redis'],
            'pusher' => ['driver' => 'pusher', 'app_id' => 'p', 'key' => 'pk', 'secret' => 'ps'],
            'bridge' => ['driver' => 'bridge', 'app_id' => 12, 'key' => 'bk', 'secret' => 'bs'],
            'second' => ['driver' => 'bridge', 'app_id' => '2', 'key' => 'k2', 'secret' => 's2'],
        ]]);
        $this->assertSame(['PUSHER_APP_ID' => '12', 'PUSHER_APP_KEY' => 'bk', 'PUSHER_APP_SECRET' => 'bs'], $pusher(), 'the first bridge connection');

        config(['broadcasting.default' => 'second']);
        $this->assertSame(['PUSHER_APP_ID' => '2', 'PUSHER_APP_KEY' => 'k2', 'PUSHER_APP_SECRET' => 's2'], $pusher(), 'the default one when it is a bridge');

        config(['broadcasting.connections.second' => ['driver' => 'bridge', 'key' => 'k2', 'secret' => '']]);
        $this->assertSame(['PUSHER_APP_KEY' => 'k2'], $pusher(), 'only what is set: the bridge names what is missing');

        config(['broadcasting.connections' => ['pusher' => ['driver' => 'pusher', 'app_id' => 'p', 'key' => 'pk', 'secret' => 'ps']]]);
        $this->assertSame([], $pusher(), 'no bridge connection, no Pusher app');
    }

    public function test_the_bridge_reads_the_stream_this_app_appends_to(): void
    {
        $variables = function (array $settings): array {
            config($settings);

            return $this->app->make(BridgeEnvironment::class)->variables();
        };
        config(['database.redis.options.prefix' => 'laravel_database_', 'websocket.redis_prefix' => null]);

        $env = $variables([]);
        $this->assertSame(['laravel_database_', 'bridge:events', '10000'],
            [$env['BRIDGE_REDIS_PREFIX'], $env['BRIDGE_STREAM'], $env['BRIDGE_HISTORY']], 'the defaults');

        $env = $variables(['websocket.stream' => 'helpdesk', 'websocket.history' => '250']);
        $this->assertSame(['helpdesk', '250'], [$env['BRIDGE_STREAM'], $env['BRIDGE_HISTORY']]);

        $env = $variables(['websocket.stream' => 'laravel_database_helpdesk']);
        $this->assertSame('helpdesk', $env['BRIDGE_STREAM'], 'written with the prefix: the bridge adds it back, once');

        $env = $variables(['websocket.redis_prefix' => '', 'websocket.stream' => 'x']);
        $this->assertSame(['', 'laravel_database_x'], [$env['BRIDGE_REDIS_PREFIX'], $env['BRIDGE_STREAM']], 'no bridge prefix: the whole key');

        $env = $variables(['database.redis.options.prefix' => '', 'websocket.redis_prefix' => null, 'websocket.stream' => 'laravel_database_x']);
        $this->assertSame(['', 'laravel_database_x'], [$env['BRIDGE_REDIS_PREFIX'], $env['BRIDGE_STREAM']]);
    }

    public function test_serve_passes_the_stream_and_warns_when_the_bridge_would_read_another_key(): void
    {
        $record = getenv('BRIDGE_PHP_SCRATCH').'/fake-bridge-env-'.getmypid();
        $fake = getenv('BRIDGE_PHP_SCRATCH').'/fake-bridge-'.getmypid();
        file_put_contents($fake, "#!/bin/sh\nprintf '%s|%s|%s' \"\$BRIDGE_REDIS_PREFIX\" \"\$BRIDGE_STREAM\" \"\$BRIDGE_HISTORY\" > '$record'\n");
        chmod($fake, 0755);
        config(['database.redis.options.prefix' => 'laravel_database_', 'websocket.secret' => str_repeat('s', 32),
            'websocket.stream' => 'laravel_database_helpdesk', 'websocket.history' => '300']);
        try {
            $output = new BufferedOutput();
            $this->assertSame(0, Artisan::call('websocket:serve', ['--bin' => $fake], $output));
            $this->assertSame('laravel_database_|helpdesk|300', file_get_contents($record));
            $this->assertStringNotContainsString('will read', $output->fetch());

            config(['websocket.redis_prefix' => 'other_']);
            $this->assertSame(0, Artisan::call('websocket:serve', ['--bin' => $fake], $output));
            $this->assertSame('other_|laravel_database_helpdesk|300', file_get_contents($record));
            $this->assertStringContainsString('this app appends events to the Redis key [laravel_database_helpdesk], '
                .'but the bridge will read [other_laravel_database_helpdesk] (BRIDGE_REDIS_PREFIX + BRIDGE_STREAM)', $output->fetch());
        } finally {
            @unlink($fake);
            @unlink($record);
        }
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

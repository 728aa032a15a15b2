<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\BridgeServiceProvider;
use Ict\Bridge\Listeners\WebSocketNotificationListener;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Filesystem\Filesystem;
use Illuminate\Foundation\PackageManifest;

/** composer.json, config/websocket.php and the provider's wiring. */
class PackageTest extends TestCase
{
    private const SPEC_VARIABLES = [
        'WEBSOCKET_HOST', 'WEBSOCKET_PORT', 'WEBSOCKET_TIMEOUT', 'WEBSOCKET_ENABLED', 'REDIS_URL', 'BRIDGE_CHANNELS',
        'BRIDGE_REDIS_PREFIX', 'BRIDGE_SECRET', 'BRIDGE_BROADCAST_TOKEN', 'BRIDGE_STAFF_ROLES', 'BRIDGE_ADMIN_ROLES',
        'BRIDGE_USER_CHANNEL', 'BRIDGE_ALLOWED_ORIGINS', 'BRIDGE_HISTORY', 'BRIDGE_MAX_QUEUE',
        'BRIDGE_MAX_CONNECTIONS_PER_USER', 'BRIDGE_MAX_TOKEN_TTL', 'BRIDGE_STREAM',
    ];

    public function test_laravel_discovers_the_provider_from_composer_json(): void
    {
        $composer = json_decode(file_get_contents(dirname(__DIR__, 2).'/composer.json'), true);
        $base = getenv('BRIDGE_PHP_SCRATCH').'/discovery';
        @mkdir($base.'/vendor/composer', 0777, true);
        file_put_contents($base.'/vendor/composer/installed.json', json_encode(['packages' => [$composer]]));
        @unlink($base.'/packages.php');

        $manifest = new PackageManifest(new Filesystem(), $base, $base.'/packages.php');
        $this->assertSame([BridgeServiceProvider::class], $manifest->providers());
        $this->assertSame('src/', $composer['autoload']['psr-4']['Ict\\Bridge\\']);
        $this->assertSame('>=8.1', $composer['require']['php']);
        $this->assertSame('^8.0|^9.0|^10.0|^11.0', $composer['require']['illuminate/support']);
    }

    public function test_every_value_of_the_config_reads_an_env_variable(): void
    {
        $source = file_get_contents(dirname(__DIR__, 2).'/config/websocket.php');
        foreach (self::SPEC_VARIABLES as $variable) {
            $this->assertStringContainsString("env('$variable'", $source, "$variable not configurable");
        }
        preg_match_all("/env\\('([A-Z_]+)'/", $source, $m);
        foreach ($m[1] as $variable) {
            $this->assertMatchesRegularExpression('/^(WEBSOCKET|BRIDGE)_|^REDIS_URL$/', $variable);
        }
    }

    public function test_defaults_match_the_spec(): void
    {
        $defaults = $this->withoutEnvironment([...self::SPEC_VARIABLES, 'WEBSOCKET_TOKEN_TTL'],
            fn () => require dirname(__DIR__, 2).'/config/websocket.php');
        $this->assertSame(['127.0.0.1', 8080, 5.0, true, 'ict.events'], [
            $defaults['host'], $defaults['port'], $defaults['timeout'], $defaults['enabled'], $defaults['channels'],
        ]);
        $this->assertSame(['admin,technician', 'admin', 'App.Models.User.{id}', '*'], [
            $defaults['staff_roles'], $defaults['admin_roles'], $defaults['user_channel'], $defaults['allowed_origins'],
        ]);
        $this->assertSame([3600, 604800], [$defaults['token']['ttl'], $defaults['token']['max_ttl']], 'token TTL and its bound (7 days)');
        $this->assertSame(['bridge:events', 10000], [$defaults['stream'], $defaults['history']], "the bridge's stream and history size");
    }

    /** Evaluates $read with the given variables unset (run.sh exports some of them). */
    private function withoutEnvironment(array $names, callable $read): mixed
    {
        $saved = [];
        foreach ($names as $name) {
            $saved[$name] = [getenv($name), $_SERVER[$name] ?? null, $_ENV[$name] ?? null];
            putenv($name);
            unset($_SERVER[$name], $_ENV[$name]);
        }
        try {
            return $read();
        } finally {
            foreach ($saved as $name => [$env, $server, $envArray]) {
                $env === false || putenv("$name=$env");
                $server === null || $_SERVER[$name] = $server;
                $envArray === null || $_ENV[$name] = $envArray;
            }
        }
    }

    public function test_provider_merges_config_and_subscribes_the_listener_to_all_eleven_events(): void
    {
        $this->assertSame('websocket/token', config('websocket.token.route'), 'package defaults merged under the app config');
        $this->assertSame((int) getenv('WEBSOCKET_PORT') ?: 8080, config('websocket.port'), 'app config wins');
        $this->assertCount(11, WebSocketNotificationListener::EVENTS);
        foreach (WebSocketNotificationListener::EVENTS as $event) {
            $this->assertTrue($this->app['events']->hasListeners($event), "$event has no listener");
        }
        $this->assertTrue($this->app['router']->has('websocket.token'));
        $this->assertArrayHasKey('websocket:serve', $this->app[\Illuminate\Contracts\Console\Kernel::class]->all());
    }
}

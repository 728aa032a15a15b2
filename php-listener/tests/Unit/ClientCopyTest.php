<?php

namespace Ict\Bridge\Tests\Unit;

use PHPUnit\Framework\TestCase;

/**
 * The package ships the bridge's LiveUpdates client for
 * `php artisan vendor:publish --tag=websocket-client`. Inside this repository
 * resources/js/client.js is a link to Sources/Bridge/Resources/client.js, so
 * there is one client, never a stale copy.
 */
class ClientCopyTest extends TestCase
{
    public function test_the_shipped_client_is_the_bridges_client(): void
    {
        $package = dirname(__DIR__, 2).'/resources/js/client.js';
        $bridge = dirname(__DIR__, 3).'/Sources/Bridge/Resources/client.js';
        if (! is_file($bridge)) {
            $this->markTestSkipped('not inside the bridge repository');
        }

        $this->assertFileExists($package, 'php-listener/resources/js/client.js must resolve to the bridge client');
        $this->assertSame(realpath($bridge), realpath($package),
            'php-listener/resources/js/client.js must link to Sources/Bridge/Resources/client.js, not be a copy');
        $this->assertStringContainsString('function LiveUpdates(options)', file_get_contents($package));
    }
}

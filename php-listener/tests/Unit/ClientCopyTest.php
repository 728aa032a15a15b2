<?php

namespace Ict\Bridge\Tests\Unit;

use PHPUnit\Framework\TestCase;

/**
 * The package ships a copy of the bridge's LiveUpdates client for
 * `php artisan vendor:publish --tag=websocket-client`; inside this repository
 * it must equal the bridge's own Sources/Bridge/Resources/client.js.
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

        $this->assertFileEquals($bridge, $package,
            'php-listener/resources/js/client.js is stale: cp Sources/Bridge/Resources/client.js php-listener/resources/js/client.js');
        $this->assertStringContainsString('function LiveUpdates(options)', file_get_contents($package));
    }
}

<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Publishing\RedisPublisher;
use Ict\Bridge\Tests\Support\RedisClient;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\TestCase;

/** BRIDGE_STREAM and BRIDGE_HISTORY from the environment decide the key and the MAXLEN. */
class StreamEnvironmentTest extends TestCase
{
    private const NAME = 'bridge-tests:from-env';

    protected array $environment = ['BRIDGE_STREAM' => self::NAME, 'BRIDGE_HISTORY' => '50'];

    protected function tearDown(): void
    {
        (new RedisClient(Services::redisPort()))->command('DEL', 'laravel_database_'.self::NAME);
        parent::tearDown();
    }

    public function test_the_environment_names_the_stream_and_its_length(): void
    {
        $this->assertSame([self::NAME, '50'], [config('websocket.stream'), config('websocket.history')]);
        $monitor = new RedisClient(Services::redisPort());
        $monitor->monitor();

        (new RedisPublisher($this->app))->publish(['type' => 'custom_event', 'data' => []]);

        $this->assertSame(['XADD', 'laravel_database_'.self::NAME, 'MAXLEN', '~', '50', '*', 'm', '{"type":"custom_event","data":[]}'],
            $monitor->nextCommand('XADD', 3.0));
        $this->assertCount(1, (new RedisClient(Services::redisPort()))->entriesAfter('laravel_database_'.self::NAME));
    }
}

<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Exceptions\PublishFailed;
use Ict\Bridge\Publishing\RedisPublisher;
use Ict\Bridge\Tests\TestCase;

/** BRIDGE_STREAM, BRIDGE_HISTORY and the stream's key, without Redis. */
class StreamSettingsTest extends TestCase
{
    public function test_the_key_is_the_prefix_once_then_the_name(): void
    {
        $this->assertSame('laravel_database_bridge:events', RedisPublisher::key('bridge:events', 'laravel_database_'));
        $this->assertSame('laravel_database_bridge:events', RedisPublisher::key('laravel_database_bridge:events', 'laravel_database_'));
        $this->assertSame('bridge:events', RedisPublisher::key('bridge:events', ''));
        $this->assertSame('app_laravel_database_x', RedisPublisher::key('laravel_database_x', 'app_'), 'only its own prefix is stripped');
    }

    public function test_the_configured_prefix_is_the_one_laravel_applies_for_each_client(): void
    {
        $config = $this->app['config'];
        $config->set('database.redis.options.prefix', 'global_');
        $config->set('database.redis.default.prefix', 'own_');
        $config->set('database.redis.client', 'phpredis');
        $this->assertSame('global_', RedisPublisher::configuredPrefix($config, 'default'), 'phpredis: options win over the connection');
        $config->set('database.redis.client', 'predis');
        $this->assertSame('own_', RedisPublisher::configuredPrefix($config, 'default'), "predis: the connection's own prefix wins");
        $config->set('database.redis.default.options', ['prefix' => 'inner_']);
        $config->set('database.redis.client', 'phpredis');
        $this->assertSame('inner_', RedisPublisher::configuredPrefix($config, 'default'));
        $config->set('database.redis.options', []);
        $config->set('database.redis.default', ['host' => '127.0.0.1']);
        $this->assertSame('', RedisPublisher::configuredPrefix($config, 'default'));
    }

    public function test_history_is_a_whole_number_of_at_least_one(): void
    {
        $this->assertSame(10000, RedisPublisher::history(null), 'default');
        $this->assertSame(1, RedisPublisher::history('1'));
        $this->assertSame(100, RedisPublisher::history(100));
        $this->assertSame(10000000, RedisPublisher::history('10000000'));
        foreach (['0', 0, '-1', 'x', '1e3', '0x10', 2.0, '', ' 5', "5\n", false] as $bad) {
            try {
                RedisPublisher::history($bad);
                $this->fail('accepted '.json_encode($bad));
            } catch (PublishFailed $e) {
                $this->assertSame('BRIDGE_HISTORY', $e->setting, json_encode($bad));
            }
        }
    }

    public function test_the_stream_name_is_a_non_empty_name(): void
    {
        $this->assertSame('bridge:events', RedisPublisher::stream(null), 'default');
        $this->assertSame('helpdesk.log', RedisPublisher::stream('helpdesk.log'));
        foreach (['', ' ', "x\n", 1, true] as $bad) {
            try {
                RedisPublisher::stream($bad);
                $this->fail('accepted '.json_encode($bad));
            } catch (PublishFailed $e) {
                $this->assertSame('BRIDGE_STREAM', $e->setting, json_encode($bad));
            }
        }
    }
}

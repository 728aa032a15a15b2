<?php

namespace Ict\Bridge\Publishing;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Exceptions\PublishFailed;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Redis\RedisManager;
use Throwable;

/**
 * PUBLISHes envelopes through Laravel's own Redis connection (same client,
 * URL, password, database and key prefix) with connect and read timeouts of
 * WEBSOCKET_TIMEOUT. Laravel prepends its key prefix to the channel name; a
 * channel already written with that prefix in BRIDGE_CHANNELS is not prefixed twice.
 */
final class RedisPublisher implements Publisher
{
    private ?RedisManager $redis = null;

    public function __construct(private Application $app)
    {
    }

    public function publish(array $envelope): void
    {
        $config = $this->app['config'];
        $name = (string) $config->get('websocket.redis.connection', 'default');
        $channel = self::channel((string) $config->get('websocket.channels', 'ict.events'));
        $prefix = (string) ($config->get("database.redis.$name.prefix") ?? $config->get('database.redis.options.prefix', ''));
        if ($prefix !== '' && str_starts_with($channel, $prefix)) {
            $channel = substr($channel, strlen($prefix)); // Laravel adds it back
        }

        try {
            $this->manager($name)->connection('websocket')->publish($channel, Json::encode($envelope));
        } catch (Throwable $e) {
            $this->redis = null; // a broken connection is never reused
            throw $e instanceof PublishFailed ? $e : PublishFailed::redis($name, $channel, $e);
        }
    }

    /** The channel events go to: the first entry of BRIDGE_CHANNELS that is not a pattern. */
    public static function channel(string $channels): string
    {
        foreach (array_map('trim', explode(',', $channels)) as $entry) {
            if ($entry !== '' && strpbrk($entry, '*?[') === false) {
                return $entry;
            }
        }

        return 'ict.events';
    }

    private function manager(string $name): RedisManager
    {
        if ($this->redis !== null) {
            return $this->redis;
        }
        $config = $this->app['config'];
        $connection = $config->get("database.redis.$name");
        if (! is_array($connection)) {
            throw new \InvalidArgumentException("Redis connection [{$name}] not configured in config/database.php.");
        }
        $timeout = max(0.1, (float) $config->get('websocket.timeout', 5));
        $connection = array_merge($connection, [
            'timeout' => $timeout,
            'read_timeout' => $timeout,
            'read_write_timeout' => $timeout,
        ]);

        return $this->redis = new RedisManager($this->app, $config->get('database.redis.client', 'phpredis'), [
            'options' => $config->get('database.redis.options', []),
            'websocket' => $connection,
        ]);
    }
}

<?php

namespace Ict\Bridge\Console;

use Ict\Bridge\Publishing\RedisPublisher;
use Illuminate\Contracts\Config\Repository;

/**
 * The bridge's environment (README.md#configuration) built from config/websocket.php,
 * Laravel's Redis connection and the `bridge` broadcast connection's Pusher app, so one
 * .env configures both sides.
 */
final class BridgeEnvironment
{
    private const KEYS = [
        'WEBSOCKET_HOST' => 'host',
        'WEBSOCKET_PORT' => 'port',
        'WEBSOCKET_TIMEOUT' => 'timeout',
        'BRIDGE_CHANNELS' => 'channels',
        'BRIDGE_SECRET' => 'secret',
        'BRIDGE_BROADCAST_TOKEN' => 'broadcast_token',
        'BRIDGE_STAFF_ROLES' => 'staff_roles',
        'BRIDGE_ADMIN_ROLES' => 'admin_roles',
        'BRIDGE_USER_CHANNEL' => 'user_channel',
        'BRIDGE_ALLOWED_ORIGINS' => 'allowed_origins',
        'BRIDGE_HISTORY' => 'history',
        'BRIDGE_MAX_QUEUE' => 'max_queue',
        'BRIDGE_MAX_CONNECTIONS_PER_USER' => 'max_connections_per_user',
        'BRIDGE_MAX_TOKEN_TTL' => 'token.max_ttl',
    ];

    public function __construct(private Repository $config)
    {
    }

    /** @return array<string, string> */
    public function variables(): array
    {
        $env = [];
        foreach (self::KEYS as $variable => $key) {
            $value = $this->config->get("websocket.$key");
            if ($value !== null && $value !== '') {
                $env[$variable] = is_float($value) && floor($value) === $value ? (string) (int) $value : (string) $value;
            }
        }
        if (isset($env['WEBSOCKET_TIMEOUT'])) { // the bridge takes whole seconds
            $env['WEBSOCKET_TIMEOUT'] = (string) max(1, (int) ceil((float) $env['WEBSOCKET_TIMEOUT']));
        }
        $env['REDIS_URL'] = $this->config->get('websocket.redis_url') ?: $this->redisUrl();
        $env['BRIDGE_REDIS_PREFIX'] = (string) ($this->config->get('websocket.redis_prefix')
            ?? $this->config->get('database.redis.options.prefix', ''));
        $env['BRIDGE_STREAM'] = $this->stream($env['BRIDGE_REDIS_PREFIX']);

        return $env + $this->pusherApp();
    }

    /**
     * PUSHER_APP_ID/KEY/SECRET of the broadcast connection using the `bridge`
     * driver (the default connection when it does, else the first one), so the
     * bridge checks the signatures that driver's /broadcasting/auth makes.
     * Only the values set are passed: the bridge names one missing.
     *
     * @return array<string, string>
     */
    private function pusherApp(): array
    {
        $connections = (array) $this->config->get('broadcasting.connections', []);
        $default = $this->config->get('broadcasting.default');
        $bridge = array_filter($connections, fn ($connection) => is_array($connection) && ($connection['driver'] ?? null) === 'bridge');
        $connection = $bridge[$default] ?? reset($bridge) ?: [];
        $env = [];
        foreach (['PUSHER_APP_ID' => 'app_id', 'PUSHER_APP_KEY' => 'key', 'PUSHER_APP_SECRET' => 'secret'] as $variable => $key) {
            if (is_scalar($connection[$key] ?? null) && (string) $connection[$key] !== '') {
                $env[$variable] = (string) $connection[$key];
            }
        }

        return $env;
    }

    /** The Redis key this app appends events to (RedisPublisher: Laravel's prefix + the stream name). */
    public function streamKey(): string
    {
        $name = (string) $this->config->get('websocket.redis.connection', 'default');
        $stream = $this->config->get('websocket.stream', RedisPublisher::DEFAULT_STREAM) ?? RedisPublisher::DEFAULT_STREAM;

        return RedisPublisher::key((string) $stream, RedisPublisher::configuredPrefix($this->config, $name));
    }

    /**
     * BRIDGE_STREAM for the bridge, which reads the key BRIDGE_REDIS_PREFIX +
     * BRIDGE_STREAM: the key this app appends to without the bridge's prefix
     * (a stream name written with Laravel's prefix is not prefixed twice on
     * either side). When the key does not start with the bridge's prefix no
     * name reaches it: the configured name is passed and websocket:serve warns.
     */
    private function stream(string $bridgePrefix): string
    {
        $key = $this->streamKey();
        if (str_starts_with($key, $bridgePrefix)) {
            return substr($key, strlen($bridgePrefix));
        }

        return (string) $this->config->get('websocket.stream', RedisPublisher::DEFAULT_STREAM);
    }

    /** redis://[:password@]host:port/db of Laravel's connection. */
    private function redisUrl(): string
    {
        $name = $this->config->get('websocket.redis.connection', 'default');
        $connection = (array) $this->config->get("database.redis.$name", []);
        if (! empty($connection['url'])) {
            return $connection['url'];
        }
        $password = empty($connection['password']) ? '' : ':'.rawurlencode($connection['password']).'@';

        return sprintf(
            'redis://%s%s:%d/%d',
            $password,
            $connection['host'] ?? '127.0.0.1',
            (int) ($connection['port'] ?? 6379),
            (int) ($connection['database'] ?? 0),
        );
    }
}

<?php

namespace Ict\Bridge\Console;

use Illuminate\Contracts\Config\Repository;

/**
 * The bridge's environment (README.md#configuration) built from config/websocket.php and
 * Laravel's Redis connection, so one .env configures both sides.
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

        return $env;
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

<?php

namespace Ict\Bridge\Publishing;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Exceptions\PublishFailed;
use Illuminate\Contracts\Config\Repository;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Redis\Connections\Connection;
use Illuminate\Redis\RedisManager;
use RuntimeException;
use Throwable;

/**
 * Appends each envelope to the bridge's Redis Stream, so events stay durable
 * while no bridge runs:
 *
 *     XADD <prefix><BRIDGE_STREAM> MAXLEN ~ <BRIDGE_HISTORY> * m <envelope JSON>
 *
 * through Laravel's own Redis connection (same client, phpredis or predis,
 * URL, password, database and key prefix) with connect and read timeouts of
 * WEBSOCKET_TIMEOUT. A listener envelope's entry has exactly one field, `m`;
 * the `bridge` broadcast driver's entries add `c`, the channels (see
 * BridgeBroadcaster). Trimming is approximate (`~`) at the bridge's history
 * size. Laravel's key prefix is prepended to the stream name as to any key; a
 * name already written with that prefix is not prefixed twice. The bridge
 * reads BRIDGE_REDIS_PREFIX + BRIDGE_STREAM.
 */
final class RedisPublisher implements Publisher
{
    public const DEFAULT_STREAM = 'bridge:events';

    public const DEFAULT_HISTORY = 10000;

    private ?RedisManager $redis = null;

    public function __construct(private Application $app)
    {
    }

    public function publish(array $envelope): void
    {
        $this->append(['m' => Json::encode($envelope)]);
    }

    /**
     * Appends one entry with these fields (`m` the envelope JSON, and for the
     * broadcast driver `c` the channels), trimmed as every entry is; answers
     * its id.
     *
     * @param  array<string, string>  $fields
     *
     * @throws PublishFailed
     */
    public function append(array $fields): string
    {
        $config = $this->app['config'];
        $name = (string) $config->get('websocket.redis.connection', 'default');
        $stream = self::stream($config->get('websocket.stream', self::DEFAULT_STREAM));
        $history = self::history($config->get('websocket.history', self::DEFAULT_HISTORY));
        $command = ['XADD', null, 'MAXLEN', '~', (string) $history, '*'];
        foreach ($fields as $field => $value) {
            array_push($command, (string) $field, $value);
        }

        try {
            $connection = $this->manager($name)->connection('websocket');
            $key = self::key($stream, self::prefixOf($connection));
            // A raw command: the argument order is ours, and the client neither
            // serializes nor compresses the JSON. It also skips the client's key
            // prefix, so key() has applied it.
            if (method_exists($connection->client(), 'clearLastError')) {
                $connection->client()->clearLastError();
            }
            $command[1] = $key;
            $id = $connection->executeRaw($command);
            if (! is_string($id) || preg_match('/\A\d+-\d+\z/', $id) !== 1) {
                throw new RuntimeException(self::errorOf($connection, $id));
            }
        } catch (Throwable $e) {
            $this->redis = null; // a broken connection is never reused
            throw $e instanceof PublishFailed ? $e : PublishFailed::redis($name, $key ?? $stream, $e);
        }

        return $id;
    }

    /**
     * The Redis key of the stream: Laravel's prefix, then the stream name
     * without that prefix when it was written with it.
     */
    public static function key(string $stream, string $prefix): string
    {
        if ($prefix !== '' && str_starts_with($stream, $prefix)) {
            $stream = substr($stream, strlen($prefix));
        }

        return $prefix.$stream;
    }

    /**
     * The key prefix Laravel's connection `$name` applies, read from the
     * configuration the way Laravel 8 to 11 merge it (for websocket:serve, which opens no connection).
     */
    public static function configuredPrefix(Repository $config, string $name): string
    {
        $redis = (array) $config->get('database.redis', []);
        $connection = (array) ($redis[$name] ?? []);
        $candidates = strtolower((string) ($redis['client'] ?? 'phpredis')) === 'predis'
            ? [$connection['prefix'] ?? null, $connection['options']['prefix'] ?? null, $redis['options']['prefix'] ?? null]
            : [$connection['options']['prefix'] ?? null, $redis['options']['prefix'] ?? null, $connection['prefix'] ?? null];
        foreach ($candidates as $prefix) {
            if ($prefix !== null) {
                return (string) $prefix;
            }
        }

        return '';
    }

    /** BRIDGE_STREAM (websocket.stream): a non-empty name. */
    public static function stream(mixed $stream): string
    {
        if ($stream === null) {
            return self::DEFAULT_STREAM;
        }
        if (! is_string($stream) || trim($stream) === '' || trim($stream) !== $stream) {
            throw PublishFailed::setting('BRIDGE_STREAM', 'BRIDGE_STREAM (websocket.stream) must be the name of the Redis Stream '
                .'the bridge reads (default '.self::DEFAULT_STREAM.'), without spaces around it, not '.self::show($stream)
                .'; set it to the same value for Laravel and the bridge');
        }

        return $stream;
    }

    /** BRIDGE_HISTORY (websocket.history): a whole number ≥ 1, an int or a string of digits as .env gives. */
    public static function history(mixed $history): int
    {
        if ($history === null) {
            return self::DEFAULT_HISTORY;
        }
        if (is_string($history) && preg_match('/\A\d{1,18}\z/', $history) === 1) {
            $history = (int) $history;
        }
        if (! is_int($history) || $history < 1) {
            throw PublishFailed::setting('BRIDGE_HISTORY', 'BRIDGE_HISTORY (websocket.history) must be a whole number of '
                .'messages, at least 1 (default '.self::DEFAULT_HISTORY.'), not '.self::show($history)
                .': it is the MAXLEN of the stream; set it to the same value for Laravel and the bridge');
        }

        return $history;
    }

    /** The prefix the connected client applies to keys (phpredis OPT_PREFIX, predis `prefix`). */
    private static function prefixOf(Connection $connection): string
    {
        $client = $connection->client();
        if ($client instanceof \Redis) {
            return (string) $client->getOption(\Redis::OPT_PREFIX);
        }
        if ($client instanceof \Predis\ClientInterface) {
            $processor = $client->getOptions()->prefix;

            return $processor instanceof \Predis\Command\Processor\KeyPrefixProcessor ? (string) $processor->getPrefix() : '';
        }

        throw new RuntimeException('unsupported Redis client '.get_debug_type($client).' (phpredis or predis expected)');
    }

    /** Why XADD answered `$reply` instead of an entry id. */
    private static function errorOf(Connection $connection, mixed $reply): string
    {
        $client = $connection->client();
        $error = $client instanceof \Redis ? $client->getLastError() : null;
        if (is_string($error) && $error !== '') {
            return $error;
        }
        if ($client instanceof \Predis\ClientInterface && is_string($reply) && $reply !== '') {
            return $reply; // predis's executeRaw answers an error reply with its text
        }

        return 'XADD answered '.self::show($reply).' instead of an entry id';
    }

    private static function show(mixed $value): string
    {
        $text = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);

        return $text === false ? get_debug_type($value) : (strlen($text) > 60 ? substr($text, 0, 60).'…' : $text);
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

<?php

namespace Ict\Bridge\Tests\Support;

use RuntimeException;

/**
 * The services run.sh started for the suite (redis-server and the bridge),
 * read from the environment, plus small loopback helpers.
 */
final class Services
{
    public static function env(string $name): string
    {
        $value = getenv($name);
        if ($value === false || $value === '') {
            throw new RuntimeException("$name is not set: run the suite with php-listener/tests/run.sh");
        }

        return $value;
    }

    public static function bridgePort(): int
    {
        return (int) self::env('WEBSOCKET_PORT');
    }

    public static function redisPort(): int
    {
        return (int) self::env('REDIS_PORT');
    }

    public static function bridgeUrl(string $path = ''): string
    {
        return 'http://127.0.0.1:'.self::bridgePort().$path;
    }

    /** A loopback port nobody listens on (bound, read, released). */
    public static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
        fclose($server);

        return $port;
    }

    /** @return array{int, string} status and body of a GET, bounded by $timeout. */
    public static function get(string $url, float $timeout = 3.0): array
    {
        $context = stream_context_create(['http' => ['timeout' => $timeout, 'ignore_errors' => true]]);
        $body = @file_get_contents($url, false, $context);
        $status = isset($http_response_header[0]) && preg_match('#\s(\d{3})\s?#', $http_response_header[0], $m) ? (int) $m[1] : 0;

        return [$status, $body === false ? '' : $body];
    }

    /** Polls `$url` until it answers 200, at most `$seconds`. */
    public static function waitFor200(string $url, float $seconds): bool
    {
        $deadline = microtime(true) + $seconds;
        while (microtime(true) < $deadline) {
            if (self::get($url, 1.0)[0] === 200) {
                return true;
            }
            usleep(100_000);
        }

        return false;
    }

    public static function portOpen(int $port): bool
    {
        $socket = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $error, 0.5);
        if ($socket === false) {
            return false;
        }
        fclose($socket);

        return true;
    }

    /** @return array<string, mixed> the bridge's GET /status */
    public static function status(): array
    {
        [$code, $body] = self::get(self::bridgeUrl('/status'));
        if ($code !== 200) {
            throw new RuntimeException("bridge /status answered $code");
        }

        return json_decode($body, true);
    }
}

<?php

namespace Ict\Bridge\Tests\Support;

use RuntimeException;

/**
 * A raw RESP client, independent of phpredis, predis and Laravel: reads the
 * stream exactly as Redis holds it (no key prefix, no serializer), and with
 * monitor() sees the exact commands other clients send. Bounded reads.
 */
final class RedisClient
{
    /** @var resource */
    private $socket;

    private string $buffer = '';

    public function __construct(int $port)
    {
        $socket = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $error, 2.0);
        if ($socket === false) {
            throw new RuntimeException("redis client: connect to $port failed: $error");
        }
        $this->socket = $socket;
    }

    public function __destruct()
    {
        fclose($this->socket);
    }

    /** One command; an error reply throws. */
    public function command(string|int ...$arguments): mixed
    {
        $this->send($arguments);
        $reply = $this->next(3.0);
        if ($reply instanceof RedisError) {
            throw new RuntimeException('redis: '.$reply->message);
        }

        return $reply;
    }

    /** @return list<array{id: string, fields: list<string>}> entries of `$key` after `$after` (exclusive), oldest first */
    public function entriesAfter(string $key, string $after = '0-0'): array
    {
        $entries = [];
        foreach ((array) $this->command('XRANGE', $key, '('.$after, '+') as [$id, $fields]) {
            $entries[] = ['id' => $id, 'fields' => $fields];
        }

        return $entries;
    }

    /** The id of the newest entry of `$key`, '0-0' when there is none. */
    public function lastId(string $key): string
    {
        $newest = (array) $this->command('XREVRANGE', $key, '+', '-', 'COUNT', 1);

        return $newest[0][0] ?? '0-0';
    }

    public function exists(string $key): bool
    {
        return $this->command('EXISTS', $key) === 1;
    }

    /** From now on this connection only reports the commands Redis runs (see nextCommand). */
    public function monitor(): void
    {
        $this->command('MONITOR');
    }

    /** @return list<string>|null the arguments of the next monitored command matching `$name`, within $timeout */
    public function nextCommand(string $name, float $timeout): ?array
    {
        $deadline = microtime(true) + $timeout;
        while (($left = $deadline - microtime(true)) > 0) {
            $line = $this->next($left);
            if (! is_string($line)) {
                return null;
            }
            // 1700000000.123456 [0 127.0.0.1:5555] "XADD" "key" "MAXLEN" ...
            if (preg_match_all('/"((?:[^"\\\\]|\\\\.)*)"/', $line, $m) && strcasecmp($m[1][0] ?? '', $name) === 0) {
                return array_map('stripcslashes', $m[1]);
            }
        }

        return null;
    }

    private function send(array $arguments): void
    {
        $command = '*'.count($arguments)."\r\n";
        foreach ($arguments as $argument) {
            $command .= '$'.strlen((string) $argument)."\r\n".$argument."\r\n";
        }
        fwrite($this->socket, $command);
    }

    private function next(float $timeout): mixed
    {
        $deadline = microtime(true) + $timeout;
        while (true) {
            $offset = 0;
            $complete = false;
            $value = $this->parse($offset, $complete);
            if ($complete) {
                $this->buffer = substr($this->buffer, $offset);

                return $value;
            }
            $left = $deadline - microtime(true);
            $read = [$this->socket];
            $none = null;
            if ($left <= 0 || @stream_select($read, $none, $none, (int) $left, (int) (fmod($left, 1) * 1e6)) < 1) {
                return null;
            }
            $chunk = fread($this->socket, 65536);
            if ($chunk === '' || $chunk === false) {
                return null;
            }
            $this->buffer .= $chunk;
        }
    }

    /** One RESP value from the buffer at $offset; $complete false when more bytes are needed. */
    private function parse(int &$offset, bool &$complete): mixed
    {
        $complete = false;
        $end = strpos($this->buffer, "\r\n", $offset);
        if ($end === false) {
            return null;
        }
        $type = $this->buffer[$offset];
        $line = substr($this->buffer, $offset + 1, $end - $offset - 1);
        $at = $end + 2;
        switch ($type) {
            case '*':
                if ((int) $line < 0) {
                    $offset = $at;
                    $complete = true;

                    return null;
                }
                $items = [];
                for ($i = 0; $i < (int) $line; $i++) {
                    $item = $this->parse($at, $complete);
                    if (! $complete) {
                        return null;
                    }
                    $items[] = $item;
                }
                $offset = $at;
                $complete = true;

                return $items;
            case '$':
                if ((int) $line < 0) {
                    $offset = $at;
                    $complete = true;

                    return null;
                }
                if (strlen($this->buffer) < $at + (int) $line + 2) {
                    return null;
                }
                $offset = $at + (int) $line + 2;
                $complete = true;

                return substr($this->buffer, $at, (int) $line);
            case ':':
                $offset = $at;
                $complete = true;

                return (int) $line;
            case '-':
                $offset = $at;
                $complete = true;

                return new RedisError($line);
            default:
                $offset = $at;
                $complete = true;

                return $line;
        }
    }
}

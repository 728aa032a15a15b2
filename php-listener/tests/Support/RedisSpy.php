<?php

namespace Ict\Bridge\Tests\Support;

use RuntimeException;

/** A raw RESP PSUBSCRIBE client: sees exactly what reaches Redis pub/sub, bounded reads. */
final class RedisSpy
{
    /** @var resource */
    private $socket;

    private string $buffer = '';

    public function __construct(int $port, string $pattern = '*')
    {
        $socket = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $error, 2.0);
        if ($socket === false) {
            throw new RuntimeException("redis spy: connect to $port failed: $error");
        }
        $this->socket = $socket;
        fwrite($socket, "*2\r\n$10\r\nPSUBSCRIBE\r\n$".strlen($pattern)."\r\n$pattern\r\n");
        $this->next(2.0); // the psubscribe confirmation
    }

    /** @return array{channel: string, payload: string}|null the next message before the timeout */
    public function message(float $timeout): ?array
    {
        $reply = $this->next($timeout);
        if ($reply === null || ($reply[0] ?? null) !== 'pmessage') {
            return null;
        }

        return ['channel' => $reply[2], 'payload' => $reply[3]];
    }

    public function __destruct()
    {
        fclose($this->socket);
    }

    private function next(float $timeout): ?array
    {
        $deadline = microtime(true) + $timeout;
        while (true) {
            $offset = 0;
            $value = $this->parse($offset);
            if ($value !== null) {
                $this->buffer = substr($this->buffer, $offset);

                return (array) $value;
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

    /** One RESP value from the buffer at $offset, or null if incomplete. */
    private function parse(int &$offset): mixed
    {
        $end = strpos($this->buffer, "\r\n", $offset);
        if ($end === false) {
            return null;
        }
        $type = $this->buffer[$offset];
        $line = substr($this->buffer, $offset + 1, $end - $offset - 1);
        $at = $end + 2;
        if ($type === '*') {
            $items = [];
            for ($i = 0; $i < (int) $line; $i++) {
                $item = $this->parse($at);
                if ($item === null) {
                    return null;
                }
                $items[] = $item;
            }
            $offset = $at;

            return $items;
        }
        if ($type === '$') {
            if (strlen($this->buffer) < $at + (int) $line + 2) {
                return null;
            }
            $offset = $at + (int) $line + 2;

            return substr($this->buffer, $at, (int) $line);
        }
        $offset = $at;

        return $line;
    }
}

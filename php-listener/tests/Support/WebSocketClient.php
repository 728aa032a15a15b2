<?php

namespace Ict\Bridge\Tests\Support;

use RuntimeException;

/**
 * A small RFC 6455 client over stream_socket_client for the tests: handshake,
 * masked text frames, ping answered with pong, close codes. Every read is
 * bounded by a deadline.
 */
final class WebSocketClient
{
    /** @var resource */
    private $socket;

    private string $buffer = '';

    public ?int $closeCode = null;

    private function __construct($socket)
    {
        $this->socket = $socket;
    }

    public static function connect(string $url, float $timeout = 5.0, array $headers = []): self
    {
        $parts = parse_url($url);
        $host = $parts['host'] ?? '127.0.0.1';
        $port = $parts['port'] ?? 80;
        $path = ($parts['path'] ?? '/').(isset($parts['query']) ? '?'.$parts['query'] : '');
        $socket = @stream_socket_client("tcp://$host:$port", $errno, $error, $timeout);
        if ($socket === false) {
            throw new RuntimeException("WebSocket connect to $host:$port failed: $error");
        }
        stream_set_read_buffer($socket, 0);
        $key = base64_encode(random_bytes(16));
        $request = "GET $path HTTP/1.1\r\nHost: $host:$port\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            ."Sec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n";
        foreach ($headers as $name => $value) {
            $request .= "$name: $value\r\n";
        }
        fwrite($socket, $request."\r\n");

        $client = new self($socket);
        $head = $client->readUntil("\r\n\r\n", microtime(true) + $timeout);
        if (! preg_match('#^HTTP/1\.1 101#', $head)) {
            fclose($socket);
            throw new RuntimeException('WebSocket upgrade refused: '.strtok($head, "\r\n"));
        }
        $accept = base64_encode(sha1($key.'258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
        if (stripos($head, "Sec-WebSocket-Accept: $accept") === false) {
            throw new RuntimeException('WebSocket upgrade: wrong Sec-WebSocket-Accept');
        }

        return $client;
    }

    public function sendJson(array $frame): void
    {
        $this->sendFrame(0x1, json_encode($frame));
    }

    /**
     * The next text frame decoded, or null when nothing came before the
     * deadline or the server closed (then closeCode is set).
     */
    public function receiveJson(float $timeout = 5.0): ?array
    {
        $deadline = microtime(true) + $timeout;
        while (microtime(true) < $deadline && $this->closeCode === null) {
            $frame = $this->readFrame($deadline);
            if ($frame === null) {
                return null;
            }
            [$opcode, $payload] = $frame;
            if ($opcode === 0x1) {
                return json_decode($payload, true);
            }
            if ($opcode === 0x9) {
                $this->sendFrame(0xA, $payload);
            } elseif ($opcode === 0x8) {
                $this->closeCode = strlen($payload) >= 2 ? unpack('n', substr($payload, 0, 2))[1] : 1005;
            }
        }

        return null;
    }

    public function close(): void
    {
        if (is_resource($this->socket)) {
            @$this->sendFrame(0x8, pack('n', 1000));
            fclose($this->socket);
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    private function sendFrame(int $opcode, string $payload): void
    {
        $length = strlen($payload);
        $head = chr(0x80 | $opcode);
        if ($length < 126) {
            $head .= chr(0x80 | $length);
        } elseif ($length < 65536) {
            $head .= chr(0x80 | 126).pack('n', $length);
        } else {
            $head .= chr(0x80 | 127).pack('J', $length);
        }
        $mask = random_bytes(4);
        $masked = $payload ^ str_repeat($mask, intdiv($length, 4) + 1);
        fwrite($this->socket, $head.$mask.substr($masked, 0, $length));
    }

    /** @return array{int, string}|null */
    private function readFrame(float $deadline): ?array
    {
        $message = '';
        while (true) {
            $head = $this->readBytes(2, $deadline);
            if ($head === null) {
                return null;
            }
            $fin = (ord($head[0]) & 0x80) !== 0;
            $opcode = ord($head[0]) & 0x0F;
            $length = ord($head[1]) & 0x7F;
            if ($length === 126) {
                $length = unpack('n', $this->readBytes(2, $deadline) ?? "\0\0")[1];
            } elseif ($length === 127) {
                $length = unpack('J', $this->readBytes(8, $deadline) ?? str_repeat("\0", 8))[1];
            }
            $payload = $length > 0 ? $this->readBytes($length, $deadline) : '';
            if ($payload === null) {
                return null;
            }
            if ($opcode >= 0x8) {
                return [$opcode, $payload];
            }
            $message .= $payload;
            $first ??= $opcode;
            if ($fin) {
                return [$first, $message];
            }
        }
    }

    private function readBytes(int $count, float $deadline): ?string
    {
        while (strlen($this->buffer) < $count) {
            if (! $this->fill($deadline)) {
                return null;
            }
        }
        $bytes = substr($this->buffer, 0, $count);
        $this->buffer = substr($this->buffer, $count);

        return $bytes;
    }

    private function readUntil(string $marker, float $deadline): string
    {
        while (($at = strpos($this->buffer, $marker)) === false) {
            if (! $this->fill($deadline)) {
                throw new RuntimeException('WebSocket upgrade: no complete answer in time');
            }
        }
        $head = substr($this->buffer, 0, $at + strlen($marker));
        $this->buffer = substr($this->buffer, $at + strlen($marker));

        return $head;
    }

    /** Appends what the socket has to the buffer; false on deadline or end of stream. */
    private function fill(float $deadline): bool
    {
        while (true) {
            $left = $deadline - microtime(true);
            if ($left <= 0 || ! is_resource($this->socket) || feof($this->socket)) {
                return false;
            }
            $read = [$this->socket];
            $none = null;
            if (@stream_select($read, $none, $none, (int) $left, (int) (fmod($left, 1) * 1e6)) < 1) {
                continue;
            }
            $chunk = fread($this->socket, 65536);
            if ($chunk === false || $chunk === '') {
                return false;
            }
            $this->buffer .= $chunk;

            return true;
        }
    }
}

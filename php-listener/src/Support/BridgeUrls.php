<?php

namespace Ict\Bridge\Support;

use Illuminate\Contracts\Config\Repository;
use Illuminate\Http\Request;

/** The bridge's addresses as this app (server side) and browsers (page side) see them. */
final class BridgeUrls
{
    public function __construct(private Repository $config)
    {
    }

    /** Base URL for server-side calls (POST /broadcast), no trailing slash. */
    public function http(): string
    {
        $url = $this->config->get('websocket.http_url');
        if ($url) {
            return rtrim($url, '/');
        }
        $host = match ($this->host()) {
            '0.0.0.0', '' => '127.0.0.1',
            '::' => '::1',
            default => $this->host(),
        };

        return 'http://'.self::bracket($host).':'.$this->port();
    }

    /** WebSocket URL for browsers. */
    public function websocket(?Request $request = null): string
    {
        $url = $this->config->get('websocket.url');
        if ($url) {
            return $url;
        }
        $host = $this->host();
        if (in_array($host, ['0.0.0.0', '::', ''], true)) {
            $host = $request?->getHost() ?: '127.0.0.1';
        }
        $scheme = $request?->isSecure() ? 'wss' : 'ws';

        return $scheme.'://'.self::bracket($host).':'.$this->port().'/ws';
    }

    /** <script src> of the LiveUpdates client. */
    public function client(?Request $request = null): string
    {
        $url = $this->config->get('websocket.client_url');
        if ($url) {
            return $url;
        }
        $parts = parse_url($this->websocket($request));
        $scheme = ($parts['scheme'] ?? 'ws') === 'wss' ? 'https' : 'http';
        $port = isset($parts['port']) ? ':'.$parts['port'] : '';

        return $scheme.'://'.($parts['host'] ?? '127.0.0.1').$port.'/client.js';
    }

    private function host(): string
    {
        return trim((string) $this->config->get('websocket.host', '127.0.0.1'), '[]');
    }

    private function port(): int
    {
        return (int) $this->config->get('websocket.port', 8080);
    }

    private static function bracket(string $host): string
    {
        return str_contains($host, ':') ? '['.$host.']' : $host;
    }
}

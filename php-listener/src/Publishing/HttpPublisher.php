<?php

namespace Ict\Bridge\Publishing;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Exceptions\PublishFailed;
use Ict\Bridge\Support\BridgeUrls;
use Illuminate\Contracts\Config\Repository;

/**
 * POSTs envelopes to the bridge's /broadcast with the bearer token
 * BRIDGE_BROADCAST_TOKEN, bounded by WEBSOCKET_TIMEOUT. Uses ext-curl when
 * loaded, PHP's http stream wrapper otherwise (no Guzzle needed).
 */
final class HttpPublisher implements Publisher
{
    private float $timeout = 5.0;

    /** @param bool|null $curl force a transport (tests); null: ext-curl when loaded */
    public function __construct(private BridgeUrls $urls, private Repository $config, private ?bool $curl = null)
    {
    }

    public function publish(array $envelope): void
    {
        $url = $this->urls->http().'/broadcast';
        $this->timeout = max(0.1, (float) $this->config->get('websocket.timeout', 5));
        $token = (string) $this->config->get('websocket.broadcast_token');
        $headers = ['Content-Type: application/json', 'Accept: application/json'];
        if ($token !== '') {
            $headers[] = 'Authorization: Bearer '.$token;
        }
        [$status, $error] = ($this->curl ?? extension_loaded('curl'))
            ? $this->viaCurl($url, $headers, Json::encode($envelope))
            : $this->viaStream($url, $headers, Json::encode($envelope));

        if ($status < 200 || $status > 299) {
            throw PublishFailed::http($url, $error ?: "HTTP {$status}");
        }
    }

    /** @return array{int, string} */
    private function viaCurl(string $url, array $headers, string $body): array
    {
        $curl = curl_init($url);
        curl_setopt_array($curl, [
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT_MS => (int) ($this->timeout * 1000),
            CURLOPT_TIMEOUT_MS => (int) ($this->timeout * 1000),
            CURLOPT_NOSIGNAL => true,
        ]);
        $answer = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        $error = $answer === false ? curl_error($curl) : ($status >= 300 ? "HTTP {$status}: {$answer}" : '');
        curl_close($curl);

        return [$status, $error];
    }

    /** @return array{int, string} */
    private function viaStream(string $url, array $headers, string $body): array
    {
        $context = stream_context_create(['http' => [
            'method' => 'POST',
            'header' => implode("\r\n", $headers),
            'content' => $body,
            'timeout' => $this->timeout,
            'ignore_errors' => true,
        ]]);
        $answer = @file_get_contents($url, false, $context);
        $statusLine = $http_response_header[0] ?? '';
        if (! preg_match('#^HTTP/\S+\s+(\d{3})#', $statusLine, $m)) {
            return [0, error_get_last()['message'] ?? 'no answer'];
        }
        $status = (int) $m[1];

        return [$status, $status >= 300 ? "HTTP {$status}: {$answer}" : ''];
    }
}

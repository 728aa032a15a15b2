<?php

namespace Ict\Bridge\Tests\Support;

use RuntimeException;

/**
 * The test app (tests/app) served by `php -S` on a free loopback port, in an
 * environment of its own on top of the suite's (e.g. BROADCAST_DRIVER=bridge):
 * requests reach it as a browser's would, in another process.
 */
final class AppServer
{
    /** @var resource */
    private $process;

    public readonly int $port;

    /** @param  array<string, string>  $environment */
    public function __construct(array $environment)
    {
        $this->port = Services::freePort();
        $public = dirname(__DIR__).'/app/public';
        $log = Services::env('BRIDGE_PHP_SCRATCH').'/php-server-'.$this->port.'.log';
        $this->process = proc_open(
            [PHP_BINARY, '-S', '127.0.0.1:'.$this->port, '-t', $public, $public.'/index.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
            $pipes,
            null,
            $environment + getenv(),
        );
        if (! is_resource($this->process)) {
            throw new RuntimeException('php -S did not start');
        }
        $deadline = microtime(true) + 10.0;
        while (Services::get($this->url('/broadcasting/auth'), 1.0)[0] === 0) {
            if (microtime(true) > $deadline || ! proc_get_status($this->process)['running']) {
                $this->stop();
                throw new RuntimeException("php -S on port {$this->port} did not answer within 10 s; its log: ".@file_get_contents($log));
            }
            usleep(100_000);
        }
    }

    public function url(string $path): string
    {
        return 'http://127.0.0.1:'.$this->port.$path;
    }

    /**
     * POSTs a form, as Echo's authorizer and an app's own pages do.
     *
     * @param  array<string, string>  $form
     * @param  array<string, string>  $headers
     * @return array{int, string} status and body
     */
    public function post(string $path, array $form, array $headers = []): array
    {
        $head = "Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n";
        foreach ($headers as $name => $value) {
            $head .= "$name: $value\r\n";
        }
        $context = stream_context_create(['http' => [
            'method' => 'POST', 'header' => $head, 'content' => http_build_query($form), 'timeout' => 5, 'ignore_errors' => true,
        ]]);
        $body = @file_get_contents($this->url($path), false, $context);
        $status = isset($http_response_header[0]) && preg_match('#\s(\d{3})\s?#', $http_response_header[0], $m) ? (int) $m[1] : 0;

        return [$status, $body === false ? '' : $body];
    }

    public function stop(): void
    {
        if (is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
        }
    }
}

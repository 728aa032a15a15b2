<?php

namespace Ict\Bridge\Console;

use Illuminate\Console\Command;
use Symfony\Component\Process\Process;

/** `php artisan websocket:serve --port=9000`: runs the bridge with this app's configuration. */
final class ServeCommand extends Command
{
    protected $signature = 'websocket:serve
        {--host= : Bind address (WEBSOCKET_HOST)}
        {--port= : HTTP + WebSocket port (WEBSOCKET_PORT)}
        {--bin= : Path of the bridge executable (BRIDGE_BIN)}
        {--dev : Development mode: fixed printed secret, loopback only}';

    protected $description = 'Start the realtime bridge (WebSocket server) with this app\'s configuration';

    public function handle(BridgeEnvironment $environment): int
    {
        $explicit = $this->option('bin') ?: config('websocket.binary');
        $binary = (new BinaryLocator(base_path()))->find($explicit);
        if ($binary === null) {
            $this->error($explicit
                ? "websocket:serve: bridge binary not found or not executable at [{$explicit}] (BRIDGE_BIN / --bin)."
                : 'websocket:serve: bridge binary not found: set BRIDGE_BIN to its path, put `bridge` on PATH, '
                  .'or build it with `swift build -c release` in the bridge repository.');

            return self::FAILURE;
        }

        $env = $environment->variables();
        foreach (['host' => 'WEBSOCKET_HOST', 'port' => 'WEBSOCKET_PORT'] as $option => $variable) {
            if ($this->option($option) !== null) {
                $env[$variable] = (string) $this->option($option);
            }
        }
        $arguments = [$binary, 'serve'];
        if ($this->option('dev') || empty($env['BRIDGE_SECRET'])) {
            $arguments[] = '--dev';
            $this->warn('websocket:serve: no BRIDGE_SECRET, starting the bridge in --dev mode (loopback only).');
        }
        $key = $environment->streamKey();
        if ($env['BRIDGE_REDIS_PREFIX'].$env['BRIDGE_STREAM'] !== $key) {
            $this->warn("websocket:serve: this app appends events to the Redis key [{$key}], but the bridge will read "
                ."[{$env['BRIDGE_REDIS_PREFIX']}{$env['BRIDGE_STREAM']}] (BRIDGE_REDIS_PREFIX + BRIDGE_STREAM): "
                ."set BRIDGE_REDIS_PREFIX to Laravel's key prefix or leave it unset.");
        }
        $this->info("Starting the bridge on {$env['WEBSOCKET_HOST']}:{$env['WEBSOCKET_PORT']} ({$binary})");

        return $this->runBridge($arguments, $env);
    }

    /** Runs the bridge in the foreground, forwarding SIGTERM/SIGINT; returns its exit code. */
    private function runBridge(array $arguments, array $env): int
    {
        $process = new Process($arguments, base_path(), $env, null, null);
        $process->start(function (string $type, string $chunk): void {
            fwrite($type === Process::ERR ? STDERR : STDOUT, $chunk);
        });
        if (function_exists('pcntl_signal')) {
            pcntl_async_signals(true);
            foreach ([SIGTERM, SIGINT] as $signal) {
                pcntl_signal($signal, function () use ($process, $signal): void {
                    if ($process->isRunning()) {
                        $process->signal($signal);
                    }
                });
            }
        }

        return (int) $process->wait();
    }
}

<?php

namespace Ict\Bridge\Tests\Support;

/** A child process for the tests (artisan, start-websocket.sh), its output in a file, always stopped. */
final class BridgeProcess
{
    /** @var resource */
    private $process;

    private function __construct($process, private string $log)
    {
        $this->process = $process;
    }

    /** @param array<string, string|null> $env changes to the inherited environment; null removes */
    public static function start(array $command, array $env = []): self
    {
        $env = array_filter(array_merge(getenv(), $env), fn ($value) => $value !== null);
        $log = tempnam(sys_get_temp_dir(), 'bridge-proc-');
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'w'], 2 => ['file', $log, 'a']],
            $pipes, null, $env);

        return new self($process, $log);
    }

    public function pid(): int
    {
        return proc_get_status($this->process)['pid'];
    }

    public function signal(int $signal): void
    {
        proc_terminate($this->process, $signal);
    }

    public function running(): bool
    {
        return proc_get_status($this->process)['running'];
    }

    public function waitForExit(float $seconds): bool
    {
        $deadline = microtime(true) + $seconds;
        while (microtime(true) < $deadline) {
            if (! $this->running()) {
                return true;
            }
            usleep(100_000);
        }

        return false;
    }

    public function output(): string
    {
        return (string) @file_get_contents($this->log);
    }

    public function stop(): void
    {
        if ($this->running()) {
            $this->signal(SIGTERM);
            if (! $this->waitForExit(6)) {
                $this->signal(SIGKILL);
            }
        }
        proc_close($this->process);
        @unlink($this->log);
    }
}

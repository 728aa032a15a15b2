<?php

namespace Ict\Bridge\Console;

use Symfony\Component\Process\ExecutableFinder;

/** Finds the bridge executable: an explicit path, then PATH, then the app's .build folder. */
final class BinaryLocator
{
    public function __construct(private string $basePath)
    {
    }

    public function find(?string $explicit): ?string
    {
        if ($explicit !== null && $explicit !== '') {
            return is_file($explicit) && is_executable($explicit) ? $explicit : null;
        }
        $onPath = (new ExecutableFinder())->find('bridge');
        if ($onPath !== null) {
            return $onPath;
        }
        foreach (['.build/release/bridge', '.build/debug/bridge'] as $relative) {
            $candidate = $this->basePath.'/'.$relative;
            if (is_file($candidate) && is_executable($candidate)) {
                return $candidate;
            }
        }

        return null;
    }
}

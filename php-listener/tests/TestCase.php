<?php

namespace Ict\Bridge\Tests;

use Illuminate\Contracts\Console\Kernel;
use Illuminate\Foundation\Testing\TestCase as LaravelTestCase;

/** Boots the real Laravel 8 test app (tests/app) for every test. */
abstract class TestCase extends LaravelTestCase
{
    /** Environment to set before the app reads its config (e.g. WEBSOCKET_QUEUE). */
    protected array $environment = [];

    private array $saved = [];

    public function createApplication()
    {
        foreach ($this->environment as $name => $value) {
            $this->saved[$name] = getenv($name);
            putenv("$name=$value");
            $_ENV[$name] = $_SERVER[$name] = $value;
        }
        $app = require __DIR__.'/app/bootstrap/app.php';
        $app->make(Kernel::class)->bootstrap();

        return $app;
    }

    protected function tearDown(): void
    {
        parent::tearDown();
        foreach ($this->saved as $name => $value) {
            $value === false ? putenv($name) : putenv("$name=$value");
            unset($_ENV[$name], $_SERVER[$name]);
            if ($value !== false) {
                $_SERVER[$name] = $value;
            }
        }
        $this->saved = [];
    }
}

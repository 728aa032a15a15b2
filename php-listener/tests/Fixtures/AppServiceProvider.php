<?php

namespace Ict\Bridge\Tests\Fixtures;

use Illuminate\Support\ServiceProvider;

/** The test app's own provider: its routes. */
class AppServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        $this->loadRoutesFrom(base_path('routes/web.php'));
    }
}

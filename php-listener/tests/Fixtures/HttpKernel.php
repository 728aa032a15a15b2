<?php

namespace Ict\Bridge\Tests\Fixtures;

use Illuminate\Foundation\Http\Kernel;

/** A minimal `web` group (sessions) and the `auth` middleware, as in a Laravel app. */
class HttpKernel extends Kernel
{
    protected $middlewareGroups = [
        'web' => [
            \Illuminate\Session\Middleware\StartSession::class,
            \Illuminate\Routing\Middleware\SubstituteBindings::class,
        ],
    ];

    protected $routeMiddleware = [
        'auth' => \Ict\Bridge\Tests\Fixtures\Authenticate::class,
    ];
}

<?php

namespace Ict\Bridge\Tests\Fixtures;

use Illuminate\Auth\Middleware\Authenticate as Middleware;

/** Laravel's auth middleware; guests get 401 (there is no login page here). */
class Authenticate extends Middleware
{
    protected function redirectTo($request)
    {
        return null;
    }
}

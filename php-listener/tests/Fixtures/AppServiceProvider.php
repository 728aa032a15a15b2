<?php

namespace Ict\Bridge\Tests\Fixtures;

use Illuminate\Auth\GenericUser;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Auth;
use Illuminate\Support\Facades\Broadcast;
use Illuminate\Support\ServiceProvider;

/**
 * The test app's own provider: its routes, /broadcasting/auth with
 * routes/channels.php, and the `header` guard the `php -S` server logs in
 * with (AUTH_GUARD=header: the user whose id is in X-Test-User; the test
 * app has no login page nor user table).
 */
class AppServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        Auth::viaRequest('test-header', function (Request $request) {
            $id = $request->header('X-Test-User');

            return is_string($id) && ctype_digit($id) ? new GenericUser(['id' => (int) $id, 'name' => "User $id"]) : null;
        });

        $this->loadRoutesFrom(base_path('routes/web.php'));

        Broadcast::routes();
        require base_path('routes/channels.php');
    }
}

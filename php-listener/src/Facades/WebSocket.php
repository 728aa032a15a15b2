<?php

namespace Ict\Bridge\Facades;

use Ict\Bridge\WebSocketManager;
use Illuminate\Support\Facades\Facade;

/**
 * @method static void observe(string $modelClass, string $kind)
 * @method static void publish(\Ict\Bridge\Events\HelpDeskEvent|string $type, array $data = [], ?array $audience = null)
 * @method static array tokenFor(\Illuminate\Contracts\Auth\Authenticatable $user)
 * @method static void resolveRolesUsing(callable $resolver)
 *
 * @see WebSocketManager
 */
class WebSocket extends Facade
{
    protected static function getFacadeAccessor(): string
    {
        return WebSocketManager::class;
    }
}

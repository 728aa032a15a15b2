<?php

return [

    /*
    |--------------------------------------------------------------------------
    | On / off
    |--------------------------------------------------------------------------
    | false: the listener publishes nothing, @liveUpdates renders nothing.
    */
    'enabled' => filter_var(env('WEBSOCKET_ENABLED', true), FILTER_VALIDATE_BOOLEAN),

    /*
    |--------------------------------------------------------------------------
    | Where the bridge listens (also passed to it by websocket:serve)
    |--------------------------------------------------------------------------
    | timeout: seconds a socket has to authenticate at the bridge, and the
    | bound of each publish attempt (Redis XADD, then HTTP) on this side.
    */
    'host' => env('WEBSOCKET_HOST', '127.0.0.1'),
    'port' => (int) env('WEBSOCKET_PORT', 8080),
    'timeout' => (float) env('WEBSOCKET_TIMEOUT', 5),

    /*
    |--------------------------------------------------------------------------
    | URLs
    |--------------------------------------------------------------------------
    | url:        WebSocket URL the browsers use (default ws://HOST:PORT/ws,
    |             with the page's host when HOST is 0.0.0.0 or ::).
    | http_url:   base URL this app posts /broadcast to (default http://HOST:PORT).
    | client_url: <script src> of the LiveUpdates client (default the bridge's
    |             /client.js next to `url`; e.g. '/vendor/bridge/client.js').
    */
    'url' => env('WEBSOCKET_URL'),
    'http_url' => env('BRIDGE_HTTP_URL'),
    'client_url' => env('WEBSOCKET_CLIENT_URL'),

    /*
    |--------------------------------------------------------------------------
    | Redis
    |--------------------------------------------------------------------------
    | Events are appended to the bridge's Redis Stream `stream` through
    | Laravel's own Redis connection `connection` (config/database.php):
    |     XADD <prefix><stream> MAXLEN ~ <history> * m <envelope JSON>
    | so they wait in Redis while no bridge runs. Laravel's key prefix
    | (database.redis.options.prefix) is prepended to the stream name (a name
    | already starting with it is not prefixed twice): the bridge reads
    | BRIDGE_REDIS_PREFIX + BRIDGE_STREAM, so give it BRIDGE_REDIS_PREFIX
    | (websocket:serve passes both for you).
    | stream:     BRIDGE_STREAM, the stream's name (default bridge:events).
    | history:    BRIDGE_HISTORY, the bridge's history size and the stream's
    |             MAXLEN (approximate trimming), a whole number ≥ 1 (default
    |             10000). A bad value is refused: the event goes over POST
    |             /broadcast and a warning names the setting.
    | channels:   BRIDGE_CHANNELS, the channels the bridge subscribes to (for
    |             Laravel's own ShouldBroadcast events); passed on by websocket:serve.
    | redis_url:  REDIS_URL for the bridge (default: built from `connection`).
    */
    'redis' => [
        'connection' => env('WEBSOCKET_REDIS_CONNECTION', 'default'),
    ],
    'redis_url' => env('REDIS_URL'),
    'stream' => env('BRIDGE_STREAM', 'bridge:events'),
    // Not cast to int here: a mistyped value must be refused, not read as 0.
    'history' => env('BRIDGE_HISTORY', 10000),
    'channels' => env('BRIDGE_CHANNELS', 'ict.events'),
    'redis_prefix' => env('BRIDGE_REDIS_PREFIX'),

    /*
    |--------------------------------------------------------------------------
    | Secrets
    |--------------------------------------------------------------------------
    | secret: HS256 key of session tokens, at least 32 bytes, same as the bridge.
    | broadcast_token: bearer token of the bridge's POST /broadcast (fallback).
    */
    'secret' => env('BRIDGE_SECRET'),
    'broadcast_token' => env('BRIDGE_BROADCAST_TOKEN'),

    /*
    |--------------------------------------------------------------------------
    | Session tokens
    |--------------------------------------------------------------------------
    | GET {route} (middleware below) answers {"token","url","expires_at"}.
    | ttl:     lifetime of a token in seconds (default 3600), a positive
    |          whole number no larger than max_ttl. Anything else (0, -5,
    |          "1h", 1.5, over max_ttl) mints no token: GET {route} answers
    |          503 and logs a TokenError naming the setting.
    | max_ttl: BRIDGE_MAX_TOKEN_TTL, the longest lifetime the bridge accepts
    |          (default 604800 = 7 days; websocket:serve passes it on), so
    |          give both sides the same value.
    | roles: where the user's roles come from; a class implementing
    | Ict\Bridge\Contracts\RoleResolver, or the user attribute to read
    | (array, collection of models with `name`, or comma string).
    */
    'token' => [
        // Not cast to int here: a mistyped value must be refused, not read as 0 or 1.
        'ttl' => env('WEBSOCKET_TOKEN_TTL', 3600),
        'max_ttl' => env('BRIDGE_MAX_TOKEN_TTL', 604800),
        'route' => env('WEBSOCKET_TOKEN_ROUTE', 'websocket/token'),
        'middleware' => explode(',', env('WEBSOCKET_TOKEN_MIDDLEWARE', 'web,auth')),
    ],
    'roles' => [
        'resolver' => env('WEBSOCKET_ROLE_RESOLVER'),
        'attribute' => env('WEBSOCKET_ROLE_ATTRIBUTE', 'roles'),
    ],

    /*
    |--------------------------------------------------------------------------
    | Queue
    |--------------------------------------------------------------------------
    | false: publish during the request. A queue connection name (or
    | "default"): the listener is a ShouldQueue listener on that connection.
    */
    'queue' => env('WEBSOCKET_QUEUE', false),
    'queue_name' => env('WEBSOCKET_QUEUE_NAME'),

    /*
    |--------------------------------------------------------------------------
    | Bridge process (php artisan websocket:serve)
    |--------------------------------------------------------------------------
    | binary: path of the bridge executable; else `bridge` on PATH, else
    | base_path('.build/release/bridge') or base_path('.build/debug/bridge').
    | (`stream` and `history` above are passed to it as well.)
    */
    'binary' => env('BRIDGE_BIN'),
    'staff_roles' => env('BRIDGE_STAFF_ROLES', 'admin,technician'),
    'admin_roles' => env('BRIDGE_ADMIN_ROLES', 'admin'),
    'user_channel' => env('BRIDGE_USER_CHANNEL', 'App.Models.User.{id}'),
    'allowed_origins' => env('BRIDGE_ALLOWED_ORIGINS', '*'),
    'max_queue' => env('BRIDGE_MAX_QUEUE'),
    'max_connections_per_user' => env('BRIDGE_MAX_CONNECTIONS_PER_USER'),

    /*
    |--------------------------------------------------------------------------
    | Model attributes (observers and events built from Eloquent models)
    |--------------------------------------------------------------------------
    | Maps the contract's field names to your columns, per kind of model.
    | The flag columns (comment is_internal, article is_published) may hold
    | anything; they are published as JSON true/false (Ict\Bridge\Support\Flag):
    | absent, null, false, 0, "0", "false", "" is no; true, 1, "1", "true"
    | is yes; anything else reads as internal / draft.
    */
    'attributes' => [
        'ticket' => ['status' => 'status', 'requester_id' => 'requester_id', 'assignee_id' => 'assignee_id'],
        'comment' => ['author_id' => 'author_id', 'is_internal' => 'is_internal', 'ticket_relation' => 'ticket'],
        'user' => ['status' => 'status'],
        'equipment' => ['status' => 'status', 'location' => 'location', 'assigned_user_id' => 'assigned_user_id'],
        'article' => ['is_published' => 'is_published', 'author_id' => 'author_id'],
        'notification' => ['title' => 'title', 'user_ids' => 'user_ids', 'roles' => 'roles'],
    ],

];

<?php

/*
 * The suite's bridge: run.sh starts it on WEBSOCKET_PORT with BRIDGE_SECRET and
 * BRIDGE_BROADCAST_TOKEN. Everything else comes from the package's own
 * config/websocket.php (merged by the service provider).
 */

return [
    'enabled' => filter_var(env('WEBSOCKET_ENABLED', true), FILTER_VALIDATE_BOOLEAN),
    'host' => env('WEBSOCKET_HOST', '127.0.0.1'),
    'port' => (int) env('WEBSOCKET_PORT', 8080),
    'timeout' => (float) env('WEBSOCKET_TIMEOUT', 2),
    'secret' => env('BRIDGE_SECRET'),
    'broadcast_token' => env('BRIDGE_BROADCAST_TOKEN'),
    'channels' => env('BRIDGE_CHANNELS', 'ict.events'),
    'queue' => env('WEBSOCKET_QUEUE', false),
    'binary' => env('BRIDGE_BIN'),
    // The fixtures use other column names than the contract's (user_id, assigned_to).
    'attributes' => [
        'ticket' => ['status' => 'status', 'requester_id' => 'user_id', 'assignee_id' => 'assigned_to'],
        'comment' => ['author_id' => 'user_id', 'is_internal' => 'is_internal', 'ticket_relation' => 'ticket'],
        'user' => ['status' => 'status'],
        'equipment' => ['status' => 'status', 'location' => 'location', 'assigned_user_id' => 'assigned_user_id'],
        'article' => ['is_published' => 'is_published', 'author_id' => 'author_id'],
        'notification' => ['title' => 'title', 'user_ids' => 'user_ids', 'roles' => 'roles'],
    ],
];

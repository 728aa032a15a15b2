<?php

return [
    'default' => env('BROADCAST_DRIVER', 'redis'),
    'connections' => [
        'redis' => ['driver' => 'redis', 'connection' => 'default'],
        'bridge' => [
            'driver' => 'bridge',
            'key' => env('PUSHER_APP_KEY'),
            'secret' => env('PUSHER_APP_SECRET'),
            'app_id' => env('PUSHER_APP_ID'),
        ],
        'log' => ['driver' => 'log'],
        'null' => ['driver' => 'null'],
    ],
];

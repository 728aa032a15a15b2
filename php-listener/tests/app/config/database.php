<?php

/* SQLite in memory for the Eloquent tests; Redis is the suite's redis-server (REDIS_PORT). */

return [
    'default' => 'sqlite',
    'connections' => [
        'sqlite' => ['driver' => 'sqlite', 'database' => ':memory:', 'prefix' => '', 'foreign_key_constraints' => true],
    ],
    'migrations' => 'migrations',
    'redis' => [
        'client' => env('REDIS_CLIENT', 'phpredis'),
        'options' => [
            'cluster' => 'redis',
            'prefix' => env('REDIS_PREFIX', 'laravel_database_'),
        ],
        'default' => [
            'host' => '127.0.0.1',
            'password' => null,
            'port' => env('REDIS_PORT', '6379'),
            'database' => '0',
        ],
    ],
];

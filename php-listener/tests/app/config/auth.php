<?php

return [
    'defaults' => ['guard' => env('AUTH_GUARD', 'web'), 'passwords' => 'users'],
    'guards' => [
        'web' => ['driver' => 'session', 'provider' => 'users'],
        'header' => ['driver' => 'test-header'],
    ],
    'providers' => [
        'users' => ['driver' => 'eloquent', 'model' => Ict\Bridge\Tests\Fixtures\Models\User::class],
    ],
];

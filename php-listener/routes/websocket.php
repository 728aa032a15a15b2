<?php

use Ict\Bridge\Http\TokenController;
use Illuminate\Support\Facades\Route;

Route::middleware(config('websocket.token.middleware', ['web', 'auth']))
    ->get(config('websocket.token.route', 'websocket/token'), TokenController::class)
    ->name('websocket.token');

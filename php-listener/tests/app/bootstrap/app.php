<?php

/* The tiny Laravel 8 application the tests run the package in. */

require_once __DIR__.'/../../bootstrap.php';

$app = new Illuminate\Foundation\Application(dirname(__DIR__));
$app->useStoragePath(getenv('BRIDGE_PHP_SCRATCH').'/storage');

$app->singleton(Illuminate\Contracts\Http\Kernel::class, Ict\Bridge\Tests\Fixtures\HttpKernel::class);
$app->singleton(Illuminate\Contracts\Console\Kernel::class, Illuminate\Foundation\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, Illuminate\Foundation\Exceptions\Handler::class);

return $app;

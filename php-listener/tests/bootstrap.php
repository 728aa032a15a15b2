<?php

/*
 * PHPUnit bootstrap: Debian's Laravel 8 (php-laravel-framework) on the
 * include path instead of Composer's vendor/, plus PSR-4 for this package.
 * Laravel's cache files go to a temporary folder, never into the repository.
 */

require_once 'Illuminate/autoload.php';

spl_autoload_register(static function (string $class): void {
    $roots = [
        'Ict\\Bridge\\Tests\\' => __DIR__.'/',
        'Ict\\Bridge\\' => dirname(__DIR__).'/src/',
    ];
    foreach ($roots as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir.str_replace('\\', '/', substr($class, strlen($prefix))).'.php';
            if (is_file($file)) {
                require $file;
            }

            return;
        }
    }
});

$scratch = getenv('BRIDGE_PHP_SCRATCH');
if (! $scratch) {
    $scratch = sys_get_temp_dir().'/bridge-php-tests-'.getmypid();
    register_shutdown_function(static fn () => (new Illuminate\Filesystem\Filesystem())->deleteDirectory($scratch));
}
foreach (['', '/cache', '/storage/logs', '/storage/framework/views', '/storage/framework/cache', '/storage/framework/sessions'] as $dir) {
    is_dir($scratch.$dir) || mkdir($scratch.$dir, 0777, true);
}
foreach ([
    'BRIDGE_PHP_SCRATCH' => $scratch,
    'APP_PACKAGES_CACHE' => $scratch.'/cache/packages.php',
    'APP_SERVICES_CACHE' => $scratch.'/cache/services.php',
    'APP_CONFIG_CACHE' => $scratch.'/cache/config.php',
    'APP_ROUTES_CACHE' => $scratch.'/cache/routes.php',
    'APP_EVENTS_CACHE' => $scratch.'/cache/events.php',
] as $name => $value) {
    putenv("$name=$value");
    $_ENV[$name] = $_SERVER[$name] = $value;
}

<?php

namespace Ict\Bridge;

use Ict\Bridge\Broadcasting\BridgeBroadcaster;
use Ict\Bridge\Console\ServeCommand;
use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Contracts\RoleResolver;
use Ict\Bridge\Listeners\QueuedWebSocketNotificationListener;
use Ict\Bridge\Listeners\WebSocketNotificationListener;
use Ict\Bridge\Publishing\FallbackPublisher;
use Ict\Bridge\Publishing\HttpPublisher;
use Ict\Bridge\Publishing\RedisPublisher;
use Ict\Bridge\Support\BridgeUrls;
use Ict\Bridge\Tokens\AttributeRoleResolver;
use Ict\Bridge\Tokens\TokenIssuer;
use Ict\Bridge\View\LiveUpdatesTag;
use Illuminate\Broadcasting\BroadcastManager;
use Illuminate\Contracts\Events\Dispatcher;
use Illuminate\Support\ServiceProvider;

/**
 * Wires the package: config, publisher, listener, token route, @liveUpdates,
 * websocket:serve, and the `bridge` broadcast driver.
 */
class BridgeServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->mergeConfigFrom(__DIR__.'/../config/websocket.php', 'websocket');

        $this->app->singleton(WebSocketManager::class);
        $this->app->singleton(BridgeUrls::class);
        $this->app->singleton(RedisPublisher::class, fn ($app) => new RedisPublisher($app));
        $this->app->singleton(Publisher::class, fn ($app) => new FallbackPublisher(
            $app->make(RedisPublisher::class),
            new HttpPublisher($app->make(BridgeUrls::class), $app['config']),
            $app->make('log'),
        ));
        $this->app->singleton(RoleResolver::class, function ($app) {
            $resolver = $app['config']->get('websocket.roles.resolver');

            return $resolver
                ? $app->make($resolver)
                : new AttributeRoleResolver((string) $app['config']->get('websocket.roles.attribute', 'roles'));
        });
        $this->callAfterResolving(BroadcastManager::class, function (BroadcastManager $broadcasting): void {
            $broadcasting->extend('bridge', fn ($app, array $config) => new BridgeBroadcaster($app->make(RedisPublisher::class), $config));
        });
        $this->app->bind(TokenIssuer::class, fn ($app) => new TokenIssuer(
            $app->make(RoleResolver::class),
            $app['config']->get('websocket.secret'),
            $app['config']->get('websocket.token.ttl'),     // checked when a token is minted
            $app['config']->get('websocket.token.max_ttl'), // (null: the defaults)
        ));
    }

    public function boot(Dispatcher $events): void
    {
        $events->subscribe($this->app['config']->get('websocket.queue')
            ? QueuedWebSocketNotificationListener::class
            : WebSocketNotificationListener::class);

        if (! $this->app->routesAreCached()) {
            $this->loadRoutesFrom(__DIR__.'/../routes/websocket.php');
            $this->app->booted(fn ($app) => $app['router']->getRoutes()->refreshNameLookups());
        }

        $this->callAfterResolving('blade.compiler', function ($blade): void {
            $blade->directive('liveUpdates', fn ($expression) => '<?php echo app(\\'.LiveUpdatesTag::class.'::class)->render('
                .($expression ?: '[]').'); ?>');
        });

        if ($this->app->runningInConsole()) {
            $this->commands([ServeCommand::class]);
            $this->publishes([__DIR__.'/../config/websocket.php' => config_path('websocket.php')], 'websocket-config');
            if (is_file($client = __DIR__.'/../resources/js/client.js')) {
                $this->publishes([$client => public_path('vendor/bridge/client.js')], 'websocket-client');
            }
        }
    }
}

<?php

namespace Ict\Bridge;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Contracts\RoleResolver;
use Ict\Bridge\Eloquent\ModelWatcher;
use Ict\Bridge\Events\HelpDeskEvent;
use Ict\Bridge\Support\Flag;
use Ict\Bridge\Tokens\TokenIssuer;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Container\Container;
use Illuminate\Contracts\Support\Arrayable;

/** What the WebSocket facade offers. */
class WebSocketManager
{
    public function __construct(private Container $app)
    {
    }

    /**
     * Raise a model class's help-desk events from its changes:
     * `WebSocket::observe(Ticket::class, 'ticket')`.
     */
    public function observe(string $modelClass, string $kind): void
    {
        ModelWatcher::watch($modelClass, $kind);
    }

    /**
     * Publish now, bypassing the event dispatcher: an event, or any type with
     * its data and audience (an unknown type reaches its audience only).
     * Flags (comment.is_internal, article.is_published, audience.everyone)
     * go out as JSON booleans read by Support\Flag.
     */
    public function publish(HelpDeskEvent|string $type, array|Arrayable $data = [], ?array $audience = null): void
    {
        if (! $this->app['config']->get('websocket.enabled', true)) {
            return;
        }
        $envelope = $type instanceof HelpDeskEvent ? $type->toEnvelope() : Flag::envelope(array_filter([
            'type' => $type,
            'data' => $data instanceof Arrayable ? $data->toArray() : $data,
            'audience' => $audience,
            'occurred_at' => gmdate('Y-m-d\TH:i:s\Z'),
        ], fn ($value) => $value !== null));

        $this->app->make(Publisher::class)->publish($envelope);
    }

    /** @return array{token: string, expires_at: string} */
    public function tokenFor(Authenticatable $user): array
    {
        return $this->app->make(TokenIssuer::class)->issue($user);
    }

    /** Roles of the session tokens: `WebSocket::resolveRolesUsing(fn ($user) => $user->getRoleNames()->all())`. */
    public function resolveRolesUsing(callable $resolver): void
    {
        $this->app->instance(RoleResolver::class, new class ($resolver) implements RoleResolver {
            public function __construct(private $resolver)
            {
            }

            public function rolesFor(Authenticatable $user): array
            {
                return array_values(array_map('strval', (array) ($this->resolver)($user)));
            }
        });
        $this->app->forgetInstance(TokenIssuer::class);
    }
}

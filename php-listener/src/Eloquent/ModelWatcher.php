<?php

namespace Ict\Bridge\Eloquent;

use Ict\Bridge\Exceptions\InvalidEventData;
use Illuminate\Database\Eloquent\Model;
use InvalidArgumentException;
use Throwable;

/**
 * Raises the help-desk events of a model class from its `created` and
 * `updated` model events. A model lacking a required field is logged, never
 * allowed to fail the save.
 */
final class ModelWatcher
{
    /** @var array<string, int> class => id of the dispatcher it is registered on */
    private static array $watched = [];

    /** @param class-string<Model> $class */
    public static function watch(string $class, string $kind): void
    {
        if (! in_array($kind, ChangeEvents::KINDS, true)) {
            throw new InvalidArgumentException(
                "websocket: unknown model kind [{$kind}] for {$class}; use one of ".implode(', ', ChangeEvents::KINDS)
            );
        }
        $dispatcher = $class::getEventDispatcher();
        if ($dispatcher === null || (self::$watched[$class] ?? null) === spl_object_id($dispatcher)) {
            return;
        }
        self::$watched[$class] = spl_object_id($dispatcher);

        $class::created(fn (Model $model) => self::raise(fn () => ChangeEvents::created($model, $kind)));
        $class::updated(fn (Model $model) => self::raise(fn () => ChangeEvents::updated($model, $kind)));
    }

    private static function raise(callable $events): void
    {
        try {
            $list = $events();
        } catch (InvalidEventData $e) {
            logger()->warning($e->getMessage());

            return;
        }
        foreach ($list as $event) {
            try {
                event($event);
            } catch (Throwable $e) {
                logger()->warning('websocket: '.get_class($event).' not sent: '.$e->getMessage());
            }
        }
    }
}

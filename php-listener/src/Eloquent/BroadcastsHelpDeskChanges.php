<?php

namespace Ict\Bridge\Eloquent;

use Illuminate\Support\Str;

/**
 * `use BroadcastsHelpDeskChanges;` on a model raises its help-desk events on
 * create/update. The kind (ticket, comment, user, equipment, article,
 * notification) is guessed from the class name; set
 * `protected static string $helpDeskKind = 'ticket';` to name it.
 */
trait BroadcastsHelpDeskChanges
{
    public static function bootBroadcastsHelpDeskChanges(): void
    {
        ModelWatcher::watch(static::class, static::helpDeskKind());
    }

    public static function helpDeskKind(): string
    {
        if (property_exists(static::class, 'helpDeskKind')) {
            return static::$helpDeskKind;
        }
        $name = class_basename(static::class);
        foreach (['Comment' => 'comment', 'Ticket' => 'ticket', 'Equipment' => 'equipment', 'Article' => 'article',
            'Notification' => 'notification', 'User' => 'user'] as $needle => $kind) {
            if (Str::contains($name, $needle)) {
                return $kind;
            }
        }

        return Str::snake($name);
    }
}

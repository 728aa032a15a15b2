<?php

namespace Ict\Bridge\Eloquent;

use Ict\Bridge\Events;
use Ict\Bridge\Events\HelpDeskEvent;
use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** Which help-desk events a created or updated model of a kind stands for. */
final class ChangeEvents
{
    public const KINDS = ['ticket', 'comment', 'user', 'equipment', 'article', 'notification'];

    /** @return list<HelpDeskEvent> */
    public static function created(Model $model, string $kind): array
    {
        return match ($kind) {
            'ticket' => [new Events\TicketCreated($model, self::actor())],
            'comment' => [new Events\TicketCommentCreated($model)],
            'user' => [new Events\UserCreated($model)],
            'article' => [new Events\KnowledgeArticleCreated($model)],
            'notification' => [new Events\SystemNotificationCreated($model)],
            default => [],
        };
    }

    /** @return list<HelpDeskEvent> */
    public static function updated(Model $model, string $kind): array
    {
        $events = [];
        if ($kind === 'ticket' && $old = self::change($model, $kind, 'status')) {
            $events[] = new Events\TicketStatusChanged($model, $old[0], $old[1], self::actor());
        }
        if ($kind === 'ticket' && ($old = self::change($model, $kind, 'assignee_id')) && $old[1] !== null) {
            $events[] = new Events\TicketAssigned($model, $old[0], self::actor());
        }
        if ($kind === 'user' && $old = self::change($model, $kind, 'status')) {
            $events[] = new Events\UserStatusChanged($model, $old[0], $old[1]);
        }
        if ($kind === 'equipment' && $old = self::change($model, $kind, 'status')) {
            $events[] = new Events\EquipmentStatusChanged($model, $old[0], $old[1]);
        }
        if ($kind === 'equipment' && $old = self::change($model, $kind, 'location')) {
            $events[] = new Events\EquipmentLocationChanged($model, $old[0], $old[1]);
        }
        if ($kind === 'article') {
            $events[] = new Events\KnowledgeArticleUpdated($model);
        }

        return $events;
    }

    /**
     * [old, new] of a field that this save changed, else null. The old value
     * is '' when unknown (null, or the model was created without the column so
     * its database default was never read back): the change is still announced.
     */
    private static function change(Model $model, string $kind, string $field): ?array
    {
        $column = Attributes::column($kind, $field);
        if (! $model->wasChanged($column)) {
            return null;
        }
        $old = $model->getRawOriginal($column);
        if ($old === null && $field !== 'assignee_id') {
            $old = ''; // the bridge requires old_status / old_location
        }

        return [self::scalar($old), self::scalar($model->getAttribute($column))];
    }

    private static function scalar(mixed $value): mixed
    {
        return $value instanceof \BackedEnum ? $value->value : $value;
    }

    private static function actor(): int|string|null
    {
        return function_exists('auth') && app()->bound('auth') ? auth()->id() : null;
    }
}

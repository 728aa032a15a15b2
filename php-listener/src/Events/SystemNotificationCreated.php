<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/**
 * `system_notification_created`: `notification.user_ids` and
 * `notification.roles` when either is non-empty, else everyone.
 */
class SystemNotificationCreated extends HelpDeskEvent
{
    public array $notification;

    public function __construct(Model|array $notification)
    {
        $this->notification = Attributes::of($notification, 'notification');
        foreach (['user_ids', 'roles'] as $key) {
            $value = $this->notification[$key] ?? null;
            if (is_string($value)) {
                $value = json_decode($value, true) ?? array_filter(array_map('trim', explode(',', $value)));
            }
            if (empty($value)) {
                unset($this->notification[$key]);
            } else {
                $this->notification[$key] = array_values((array) $value);
            }
        }
        $this->stamp();
    }

    public function type(): string
    {
        return 'system_notification_created';
    }

    public function data(): array
    {
        return ['notification' => $this->notification];
    }

    public function requiredFields(): array
    {
        return ['notification.id', 'notification.title'];
    }
}

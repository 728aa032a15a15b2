<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/**
 * `user_status_changed`: admins and that user receive it. A new status of
 * blocked, inactive or disabled makes the bridge close the user's sessions (4003).
 */
class UserStatusChanged extends HelpDeskEvent
{
    public array $user;

    public ?string $newStatus;

    public function __construct(Model|array $user, public ?string $oldStatus, ?string $newStatus = null)
    {
        $this->user = Attributes::of($user, 'user');
        $this->newStatus = $newStatus ?? ($this->user['status'] ?? null);
        $this->stamp();
    }

    public function type(): string
    {
        return 'user_status_changed';
    }

    public function data(): array
    {
        return ['user' => $this->user, 'old_status' => $this->oldStatus, 'new_status' => $this->newStatus];
    }

    public function requiredFields(): array
    {
        return ['user.id', 'old_status', 'new_status'];
    }
}

<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** `user_created`: admins receive it. Hidden attributes (password…) never leave. */
class UserCreated extends HelpDeskEvent
{
    public array $user;

    public function __construct(Model|array $user)
    {
        $this->user = Attributes::of($user, 'user');
        $this->stamp();
    }

    public function type(): string
    {
        return 'user_created';
    }

    public function data(): array
    {
        return ['user' => $this->user];
    }

    public function requiredFields(): array
    {
        return ['user.id'];
    }
}

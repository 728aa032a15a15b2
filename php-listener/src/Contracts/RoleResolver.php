<?php

namespace Ict\Bridge\Contracts;

use Illuminate\Contracts\Auth\Authenticatable;

/** The roles a user's session token carries (compared with BRIDGE_STAFF_ROLES / BRIDGE_ADMIN_ROLES). */
interface RoleResolver
{
    /** @return list<string> */
    public function rolesFor(Authenticatable $user): array;
}

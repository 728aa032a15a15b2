<?php

namespace Ict\Bridge\Tokens;

use Ict\Bridge\Contracts\RoleResolver;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Support\Collection;

/**
 * Reads roles from a user attribute (config websocket.roles.attribute,
 * default `roles`, then `role`): a list, a collection of models or arrays
 * with `name`, a JSON list or a comma-separated string.
 */
final class AttributeRoleResolver implements RoleResolver
{
    public function __construct(private string $attribute = 'roles')
    {
    }

    public function rolesFor(Authenticatable $user): array
    {
        $value = $user->{$this->attribute} ?? $user->role ?? null;

        return array_values(array_unique(array_filter(
            array_map(fn ($role) => trim((string) $role), $this->flatten($value)),
            fn (string $role) => $role !== ''
        )));
    }

    /** @return list<mixed> */
    private function flatten(mixed $value): array
    {
        if ($value instanceof Collection) {
            $value = $value->all();
        }
        if (is_string($value)) {
            $decoded = json_decode($value, true);

            return is_array($decoded) ? $this->flatten($decoded) : explode(',', $value);
        }
        if (! is_iterable($value)) {
            return $value === null ? [] : [$value];
        }
        $roles = [];
        foreach ($value as $role) {
            $roles[] = is_scalar($role) ? $role : (data_get($role, 'name') ?? data_get($role, 'slug'));
        }

        return $roles;
    }
}

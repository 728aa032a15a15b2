<?php

namespace Ict\Bridge\Tokens;

use Ict\Bridge\Contracts\RoleResolver;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Support\Carbon;

/** Mints the bridge session token of a user: claims sub, roles, name, iat, exp. */
final class TokenIssuer
{
    public function __construct(private RoleResolver $roles, private ?string $secret, private int $ttl)
    {
    }

    /** @return array{token: string, expires_at: string} */
    public function issue(Authenticatable $user): array
    {
        $now = time();
        $claims = [
            'sub' => (string) $user->getAuthIdentifier(),
            'roles' => $this->roles->rolesFor($user),
            'iat' => $now,
            'exp' => $now + max(60, $this->ttl),
        ];
        $name = $user->name ?? null;
        if (is_string($name) && $name !== '') {
            $claims['name'] = $name;
        }

        return [
            'token' => Jwt::encode($claims, (string) $this->secret),
            'expires_at' => Carbon::createFromTimestampUTC($claims['exp'])->format('Y-m-d\TH:i:s\Z'),
        ];
    }
}

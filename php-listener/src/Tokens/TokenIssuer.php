<?php

namespace Ict\Bridge\Tokens;

use Ict\Bridge\Contracts\RoleResolver;
use Ict\Bridge\Exceptions\TokenError;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Support\Carbon;

/**
 * Mints the bridge session token of a user: claims sub, roles, name, iat, exp.
 * Its lifetime is WEBSOCKET_TOKEN_TTL seconds, a positive whole number no
 * larger than BRIDGE_MAX_TOKEN_TTL (the bridge refuses longer-lived tokens);
 * otherwise nothing is minted and a TokenError names the setting.
 */
final class TokenIssuer
{
    public const DEFAULT_TTL = 3600;

    /** The bridge's default BRIDGE_MAX_TOKEN_TTL: 7 days. */
    public const DEFAULT_MAX_TTL = 604800;

    /**
     * @param  mixed  $ttl  websocket.token.ttl as configured (null: DEFAULT_TTL)
     * @param  mixed  $maxTtl  websocket.token.max_ttl as configured (null: DEFAULT_MAX_TTL)
     */
    public function __construct(
        private RoleResolver $roles,
        private ?string $secret,
        private mixed $ttl = self::DEFAULT_TTL,
        private mixed $maxTtl = self::DEFAULT_MAX_TTL,
    ) {
    }

    /**
     * The lifetime in seconds of the tokens minted with these settings.
     *
     * @throws TokenError when either is not a positive whole number, or the TTL is over the bound
     */
    public static function lifetime(mixed $ttl, mixed $maxTtl): int
    {
        $max = self::seconds($maxTtl ?? self::DEFAULT_MAX_TTL) ?? throw TokenError::maxTtlInvalid($maxTtl);
        $lifetime = self::seconds($ttl ?? self::DEFAULT_TTL) ?? throw TokenError::ttlInvalid($ttl);
        if ($lifetime > $max) {
            throw TokenError::ttlTooLong($lifetime, $max);
        }

        return $lifetime;
    }

    /** @return array{token: string, expires_at: string} */
    public function issue(Authenticatable $user): array
    {
        $lifetime = self::lifetime($this->ttl, $this->maxTtl);
        $now = time();
        $claims = [
            'sub' => (string) $user->getAuthIdentifier(),
            'roles' => $this->roles->rolesFor($user),
            'iat' => $now,
            'exp' => $now + $lifetime,
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

    /** A positive whole number of seconds (an int, or a string of digits as .env gives), else null. */
    private static function seconds(mixed $value): ?int
    {
        if (is_string($value) && preg_match('/\A\d{1,18}\z/', $value) === 1) {
            $value = (int) $value;
        }

        return is_int($value) && $value > 0 ? $value : null;
    }
}

<?php

namespace Ict\Bridge\Exceptions;

use RuntimeException;

/** A session token cannot be minted or read. */
final class TokenError extends RuntimeException
{
    public static function secretTooShort(int $bytes): self
    {
        return new self(
            "BRIDGE_SECRET must be at least 32 bytes (it has {$bytes}); set the same value for Laravel and the bridge"
        );
    }

    public static function malformed(): self
    {
        return new self('token is not a JWT (three dot-separated parts)');
    }

    public static function badSignature(): self
    {
        return new self('token signature or alg is wrong (HS256 with BRIDGE_SECRET expected)');
    }

    public static function expired(): self
    {
        return new self('token has no exp or has expired');
    }
}

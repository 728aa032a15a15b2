<?php

namespace Ict\Bridge\Exceptions;

use RuntimeException;

/** A session token cannot be minted or read. */
final class TokenError extends RuntimeException
{
    /** The setting to fix when the token cannot be minted because of one, else null. */
    public ?string $setting = null;

    private static function setting(string $setting, string $message): self
    {
        $error = new self($message);
        $error->setting = $setting;

        return $error;
    }

    /** WEBSOCKET_TOKEN_TTL is not a positive whole number of seconds. */
    public static function ttlInvalid(mixed $ttl): self
    {
        return self::setting('WEBSOCKET_TOKEN_TTL',
            'WEBSOCKET_TOKEN_TTL (websocket.token.ttl) must be a positive whole number of seconds, not '.self::show($ttl)
            .'; no token is minted until it is');
    }

    /** WEBSOCKET_TOKEN_TTL is longer than the bridge accepts (BRIDGE_MAX_TOKEN_TTL). */
    public static function ttlTooLong(int $ttl, int $max): self
    {
        return self::setting('WEBSOCKET_TOKEN_TTL',
            "WEBSOCKET_TOKEN_TTL (websocket.token.ttl) is {$ttl} s, over BRIDGE_MAX_TOKEN_TTL ({$max} s): "
            .'the bridge refuses such tokens, so none is minted; lower WEBSOCKET_TOKEN_TTL or raise BRIDGE_MAX_TOKEN_TTL for both Laravel and the bridge');
    }

    /** BRIDGE_MAX_TOKEN_TTL is not a positive whole number of seconds. */
    public static function maxTtlInvalid(mixed $max): self
    {
        return self::setting('BRIDGE_MAX_TOKEN_TTL',
            'BRIDGE_MAX_TOKEN_TTL (websocket.token.max_ttl) must be a positive whole number of seconds (default 604800), not '
            .self::show($max).'; no token is minted until it is');
    }

    /** A numeric claim (exp, nbf, iat) is not a finite number within 100 years of now. */
    public static function claimOutOfRange(string $claim, mixed $value): self
    {
        return new self("token claim {$claim} must be a finite number of seconds within 100 years of now, not ".self::show($value)
            .'; the bridge refuses such tokens');
    }

    private static function show(mixed $value): string
    {
        $text = is_float($value) && ! is_finite($value) ? (string) $value : json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);

        return $text === false ? get_debug_type($value) : (strlen($text) > 40 ? substr($text, 0, 40).'…' : $text);
    }

    public static function secretTooShort(int $bytes): self
    {
        return self::setting('BRIDGE_SECRET',
            "BRIDGE_SECRET must be at least 32 bytes (it has {$bytes}); set the same value for Laravel and the bridge");
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

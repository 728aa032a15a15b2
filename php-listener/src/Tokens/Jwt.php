<?php

namespace Ict\Bridge\Tokens;

use Ict\Bridge\Exceptions\TokenError;

/** HS256 JSON Web Tokens with hash_hmac (RFC 7519, the subset the bridge reads). */
final class Jwt
{
    public const MIN_SECRET_BYTES = 32;

    /** @param array<string, mixed> $claims */
    public static function encode(array $claims, string $secret): string
    {
        if (strlen($secret) < self::MIN_SECRET_BYTES) {
            throw TokenError::secretTooShort(strlen($secret));
        }
        $header = self::base64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
        $payload = self::base64url(json_encode($claims, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR));
        $signature = self::base64url(hash_hmac('sha256', "$header.$payload", $secret, true));

        return "$header.$payload.$signature";
    }

    /**
     * Verifies signature, alg and exp; returns the claims.
     *
     * @return array<string, mixed>
     */
    public static function decode(string $token, string $secret, ?int $now = null): array
    {
        $parts = explode('.', $token);
        if (count($parts) !== 3) {
            throw TokenError::malformed();
        }
        [$header, $payload, $signature] = $parts;
        $expected = self::base64url(hash_hmac('sha256', "$header.$payload", $secret, true));
        $head = json_decode(self::unbase64url($header), true);
        if (($head['alg'] ?? null) !== 'HS256' || ! hash_equals($expected, $signature)) {
            throw TokenError::badSignature();
        }
        $claims = json_decode(self::unbase64url($payload), true);
        if (! is_array($claims) || ! isset($claims['exp']) || $claims['exp'] < ($now ?? time())) {
            throw TokenError::expired();
        }

        return $claims;
    }

    private static function base64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    private static function unbase64url(string $text): string
    {
        return (string) base64_decode(strtr($text, '-_', '+/'), true);
    }
}

<?php

namespace Ict\Bridge\Tokens;

use Ict\Bridge\Exceptions\TokenError;

/** HS256 JSON Web Tokens with hash_hmac (RFC 7519, the subset the bridge reads). */
final class Jwt
{
    public const MIN_SECRET_BYTES = 32;

    /** The numeric (time) claims, which the bridge wants within CLAIM_RANGE seconds of now. */
    public const TIME_CLAIMS = ['exp', 'nbf', 'iat'];

    /** 100 years in seconds, as the bridge counts them. */
    public const CLAIM_RANGE = 100 * 365.25 * 24 * 3600;

    /**
     * Signs `claims`; refuses time claims (exp, nbf, iat) the bridge would
     * refuse: not a finite number, or more than 100 years from now.
     *
     * @param  array<string, mixed>  $claims
     */
    public static function encode(array $claims, string $secret, ?int $now = null): string
    {
        if (strlen($secret) < self::MIN_SECRET_BYTES) {
            throw TokenError::secretTooShort(strlen($secret));
        }
        self::checkTimes($claims, $now ?? time());
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
        if (! is_array($claims) || ! isset($claims['exp'])) {
            throw TokenError::expired();
        }
        self::checkTimes($claims, $now ??= time());
        if ($claims['exp'] < $now) {
            throw TokenError::expired();
        }

        return $claims;
    }

    /** @param array<string, mixed> $claims */
    private static function checkTimes(array $claims, int $now): void
    {
        foreach (self::TIME_CLAIMS as $claim) {
            if (! array_key_exists($claim, $claims)) {
                continue;
            }
            $value = $claims[$claim];
            if (! (is_int($value) || is_float($value)) || ! is_finite((float) $value) || abs($value - $now) > self::CLAIM_RANGE) {
                throw TokenError::claimOutOfRange($claim, $value);
            }
        }
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

<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Exceptions\TokenError;
use Ict\Bridge\Tokens\Jwt;
use PHPUnit\Framework\TestCase;

class JwtTest extends TestCase
{
    private const SECRET = 'a-test-secret-of-at-least-32-bytes!';

    public function test_encodes_hs256_with_the_claims(): void
    {
        $token = Jwt::encode(['sub' => '5', 'roles' => ['admin'], 'exp' => time() + 60], self::SECRET);
        [$header, $payload, $signature] = explode('.', $token);

        $this->assertSame(['alg' => 'HS256', 'typ' => 'JWT'], json_decode(base64_decode(strtr($header, '-_', '+/')), true));
        $this->assertSame('5', json_decode(base64_decode(strtr($payload, '-_', '+/')), true)['sub']);
        $this->assertDoesNotMatchRegularExpression('/[=+\/]/', $token);
        $expected = rtrim(strtr(base64_encode(hash_hmac('sha256', "$header.$payload", self::SECRET, true)), '+/', '-_'), '=');
        $this->assertSame($expected, $signature);
        $this->assertSame(['admin'], Jwt::decode($token, self::SECRET)['roles']);
    }

    public function test_refuses_a_short_secret_naming_the_variable(): void
    {
        $this->expectException(TokenError::class);
        $this->expectExceptionMessage('BRIDGE_SECRET must be at least 32 bytes (it has 5)');
        Jwt::encode(['sub' => '1', 'exp' => time() + 60], 'short');
    }

    public function test_decode_refuses_tampering_and_expiry(): void
    {
        $token = Jwt::encode(['sub' => '5', 'exp' => time() + 60], self::SECRET);
        [$h, , $s] = explode('.', $token);
        $forged = $h.'.'.rtrim(strtr(base64_encode('{"sub":"1","exp":9999999999}'), '+/', '-_'), '=').'.'.$s;
        try {
            Jwt::decode($forged, self::SECRET);
            $this->fail('forged token accepted');
        } catch (TokenError) {
        }
        $this->expectException(TokenError::class);
        Jwt::decode(Jwt::encode(['sub' => '5', 'exp' => time() - 10], self::SECRET), self::SECRET);
    }

    public static function badTimes(): array
    {
        $year = 365.25 * 24 * 3600;

        return [
            'exp past 100 years' => ['exp', time() + (int) (100 * $year) + 60],
            'exp 100 years ago' => ['exp', time() - (int) (100 * $year) - 60],
            'iat far ahead' => ['iat', PHP_INT_MAX],
            'nbf far back' => ['nbf', -1e12],
            'exp infinite' => ['exp', INF],
            'iat not a number' => ['iat', NAN],
            'exp a string' => ['exp', (string) (time() + 60)],
            'nbf null' => ['nbf', null],
            'iat true' => ['iat', true],
        ];
    }

    /** @dataProvider badTimes */
    public function test_time_claims_the_bridge_would_refuse_are_never_signed_nor_accepted(string $claim, mixed $value): void
    {
        $claims = array_merge(['sub' => '5', 'iat' => time(), 'exp' => time() + 60], [$claim => $value]);
        try {
            Jwt::encode($claims, self::SECRET);
            $this->fail('signed');
        } catch (TokenError $e) {
            $this->assertStringStartsWith("token claim $claim must be a finite number of seconds within 100 years of now", $e->getMessage());
        }

        if (is_float($value) && ! is_finite($value)) {
            return; // JSON has no such number: no token can carry it
        }
        $payload = rtrim(strtr(base64_encode(json_encode($claims)), '+/', '-_'), '=');
        $header = rtrim(strtr(base64_encode('{"alg":"HS256","typ":"JWT"}'), '+/', '-_'), '=');
        $signature = rtrim(strtr(base64_encode(hash_hmac('sha256', "$header.$payload", self::SECRET, true)), '+/', '-_'), '=');
        $this->expectException(TokenError::class);
        Jwt::decode("$header.$payload.$signature", self::SECRET);
    }

    public function test_times_within_100_years_are_signed(): void
    {
        $now = time();
        $claims = ['sub' => '5', 'iat' => $now, 'nbf' => $now - 86400 * 365 * 99, 'exp' => $now + 86400 * 365 * 99];
        $this->assertSame($claims, Jwt::decode(Jwt::encode($claims, self::SECRET), self::SECRET));
    }
}

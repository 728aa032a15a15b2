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
}

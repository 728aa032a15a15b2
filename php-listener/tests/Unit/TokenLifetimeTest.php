<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Console\BridgeEnvironment;
use Ict\Bridge\Exceptions\TokenError;
use Ict\Bridge\Tokens\Jwt;
use Ict\Bridge\Tokens\TokenIssuer;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Auth\GenericUser;
use Illuminate\Log\Events\MessageLogged;
use Illuminate\Support\Facades\Event;

/**
 * The lifetime of minted tokens: WEBSOCKET_TOKEN_TTL seconds, a positive whole
 * number no larger than BRIDGE_MAX_TOKEN_TTL (default 604800), or no token at
 * all and a TokenError naming the setting. Every token carries iat.
 */
class TokenLifetimeTest extends TestCase
{
    private const SECRET = 'a-test-secret-of-at-least-32-bytes!';

    protected function setUp(): void
    {
        parent::setUp();
        config(['websocket.secret' => self::SECRET]);
    }

    /** @return array<string, int> the claims of a token minted with the app's configuration */
    private function mint(): array
    {
        $issued = $this->app->make(TokenIssuer::class)->issue(new GenericUser(['id' => 5, 'name' => 'Ann']));
        $claims = Jwt::decode($issued['token'], self::SECRET);
        $this->assertSame(gmdate('Y-m-d\TH:i:s\Z', $claims['exp']), $issued['expires_at']);

        return $claims;
    }

    public function test_by_default_a_token_lives_an_hour_and_carries_iat(): void
    {
        config(['websocket.token.ttl' => null, 'websocket.token.max_ttl' => null]);
        $claims = $this->mint();

        $this->assertIsInt($claims['iat']);
        $this->assertEqualsWithDelta(time(), $claims['iat'], 2);
        $this->assertSame(3600, $claims['exp'] - $claims['iat']);
        $this->assertSame(604800, TokenIssuer::DEFAULT_MAX_TTL);
    }

    public static function configured(): array
    {
        return [
            'a number' => [7200, null, 7200],
            'digits from .env' => ['900', null, 900],
            'one second' => [1, null, 1],
            'exactly the default bound' => [604800, null, 604800],
            'exactly a configured bound' => ['600', '600', 600],
            'a configured bound above the default' => [1209600, 2592000, 1209600],
        ];
    }

    /** @dataProvider configured */
    public function test_a_configured_ttl_within_the_bound(mixed $ttl, mixed $max, int $lifetime): void
    {
        config(['websocket.token.ttl' => $ttl, 'websocket.token.max_ttl' => $max]);
        $claims = $this->mint();

        $this->assertSame($lifetime, $claims['exp'] - $claims['iat']);
        $this->assertSame($lifetime, TokenIssuer::lifetime($ttl, $max));
    }

    public static function overTheBound(): array
    {
        return [
            'one second over the default' => [604801, null, 604800],
            'a year' => [31536000, null, 604800],
            'over a configured bound' => [3600, '600', 600],
            'over a configured bound, from .env' => ['601', 600, 600],
        ];
    }

    /** @dataProvider overTheBound */
    public function test_a_ttl_over_the_bound_mints_nothing(mixed $ttl, mixed $max, int $bound): void
    {
        config(['websocket.token.ttl' => $ttl, 'websocket.token.max_ttl' => $max]);
        try {
            $this->mint();
            $this->fail('a token was minted');
        } catch (TokenError $e) {
            $this->assertSame('WEBSOCKET_TOKEN_TTL', $e->setting);
            $this->assertStringContainsString("WEBSOCKET_TOKEN_TTL (websocket.token.ttl) is {$ttl} s, over BRIDGE_MAX_TOKEN_TTL ({$bound} s)", $e->getMessage());
        }
        $this->assertEquals(TokenError::ttlTooLong((int) $ttl, $bound), $e);
    }

    public static function notAPositiveWholeNumber(): array
    {
        return [
            'zero' => [0, '0'], 'zero from .env' => ['0', '"0"'], 'negative' => [-5, '-5'], 'negative from .env' => ['-5', '"-5"'],
            'a word' => ['abc', '"abc"'], 'a duration' => ['1h', '"1h"'], 'empty' => ['', '""'], 'a fraction' => [1.5, '1.5'],
            'a whole float' => [3600.0, '3600.0'], 'a decimal string' => ['3600.0', '"3600.0"'], 'an exponent' => ['1e3', '"1e3"'],
            'spaces' => [' 3600', '" 3600"'], 'a trailing newline' => ["3600\n", '"3600\n"'], 'true' => [true, 'true'],
            'false' => [false, 'false'], 'a list' => [[3600], '[3600]'], 'infinity' => [INF, 'INF'], 'NaN' => [NAN, 'NAN'],
            'too many digits' => ['9999999999999999999999', '"9999999999999999999999"'],
        ];
    }

    /** @dataProvider notAPositiveWholeNumber */
    public function test_a_ttl_that_is_not_a_positive_whole_number_mints_nothing(mixed $ttl, string $shown): void
    {
        config(['websocket.token.ttl' => $ttl]);
        try {
            $this->mint();
            $this->fail('a token was minted');
        } catch (TokenError $e) {
            $this->assertSame('WEBSOCKET_TOKEN_TTL', $e->setting);
            $this->assertSame("WEBSOCKET_TOKEN_TTL (websocket.token.ttl) must be a positive whole number of seconds, not $shown; "
                .'no token is minted until it is', $e->getMessage());
        }
    }

    /** @dataProvider notAPositiveWholeNumber */
    public function test_a_bound_that_is_not_a_positive_whole_number_mints_nothing(mixed $max, string $shown): void
    {
        config(['websocket.token.ttl' => 60, 'websocket.token.max_ttl' => $max]);
        try {
            $this->mint();
            $this->fail('a token was minted');
        } catch (TokenError $e) {
            $this->assertSame('BRIDGE_MAX_TOKEN_TTL', $e->setting);
            $this->assertStringStartsWith("BRIDGE_MAX_TOKEN_TTL (websocket.token.max_ttl) must be a positive whole number of seconds (default 604800), not $shown", $e->getMessage());
        }
    }

    public function test_the_token_route_answers_503_naming_the_setting_and_logs_why(): void
    {
        config(['websocket.token.ttl' => 604801]);
        $logged = [];
        Event::listen(MessageLogged::class, function (MessageLogged $m) use (&$logged) {
            $logged[] = "$m->level: $m->message";
        });

        $this->actingAs(new GenericUser(['id' => 5]))->getJson('/websocket/token')
            ->assertStatus(503)->assertExactJson(['error' => 'session tokens are not configured (WEBSOCKET_TOKEN_TTL)']);
        $this->assertSame(['error: websocket: '.TokenError::ttlTooLong(604801, 604800)->getMessage()], $logged);
    }

    public function test_websocket_serve_passes_the_bound_to_the_bridge(): void
    {
        $this->assertSame('604800', $this->app->make(BridgeEnvironment::class)->variables()['BRIDGE_MAX_TOKEN_TTL'], 'the default');
        config(['websocket.token.max_ttl' => '86400']);
        $this->assertSame('86400', $this->app->make(BridgeEnvironment::class)->variables()['BRIDGE_MAX_TOKEN_TTL']);
    }
}

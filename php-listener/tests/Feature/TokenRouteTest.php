<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events\TicketCreated;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\Support\WebSocketClient;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Auth\GenericUser;

/** GET /websocket/token mints a token the real bridge accepts, with the user's roles. */
class TokenRouteTest extends TestCase
{
    use BridgeSessions;

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public function test_the_logged_in_user_gets_a_token_the_bridge_welcomes(): void
    {
        $user = new GenericUser(['id' => 5, 'name' => 'Ann', 'roles' => ['technician']]);

        $answer = $this->actingAs($user)->getJson('/websocket/token')->assertOk();

        $this->assertSame('ws://127.0.0.1:'.Services::bridgePort().'/ws', $answer->json('url'));
        $this->assertStringContainsString('no-store', $answer->headers->get('Cache-Control'));
        $this->assertEqualsWithDelta(time() + 3600, strtotime($answer->json('expires_at')), 5);

        $this->sessions[5] = $this->connectWithToken($answer->json('token'), '5');
        $this->connectUsers([9 => []]);

        // The token's roles count: a technician sees a ticket that is not theirs.
        event(new TicketCreated(['id' => 301, 'requester_id' => 7]));
        $this->assertReachedExactly([5], 'ticket_created');
    }

    public function test_the_token_also_works_as_the_first_frame(): void
    {
        $token = $this->actingAs(new GenericUser(['id' => 8]))->getJson('/websocket/token')->json('token');

        $client = WebSocketClient::connect('ws://127.0.0.1:'.Services::bridgePort().'/ws');
        $client->sendJson(['type' => 'bridge:auth', 'token' => $token]);
        $welcome = $client->receiveJson(5.0);

        $this->assertSame(['bridge:welcome', '8'], [$welcome['type'] ?? null, $welcome['user_id'] ?? null], json_encode($welcome));
        $this->assertMatchesRegularExpression('/^\d+\.\d+$/', $welcome['session_id']);
        $client->close();
    }

    public function test_guests_get_no_token(): void
    {
        $this->getJson('/websocket/token')->assertStatus(401);
    }

    public function test_a_token_signed_with_another_secret_is_closed_4001(): void
    {
        config(['websocket.secret' => str_repeat('w', 40)]);
        $token = $this->actingAs(new GenericUser(['id' => 5]))->getJson('/websocket/token')->json('token');

        $client = WebSocketClient::connect('ws://127.0.0.1:'.Services::bridgePort().'/ws?token='.$token);
        $this->assertNull($this->nextEvent($client, 5.0));
        $this->assertSame(4001, $client->closeCode);
    }

    public function test_a_token_of_the_longest_lifetime_the_bridge_accepts_is_welcomed(): void
    {
        config(['websocket.token.ttl' => '604800']); // = BRIDGE_MAX_TOKEN_TTL's default, the suite's bridge's bound
        $answer = $this->actingAs(new GenericUser(['id' => 5]))->getJson('/websocket/token')->assertOk();

        $this->assertEqualsWithDelta(time() + 604800, strtotime($answer->json('expires_at')), 5);
        $this->sessions[5] = $this->connectWithToken($answer->json('token'), '5');
    }

    public static function refusedLifetimes(): array
    {
        return [
            'over the bound' => [['websocket.token.ttl' => 604801], 'WEBSOCKET_TOKEN_TTL'],
            'over a configured bound' => [['websocket.token.ttl' => 3600, 'websocket.token.max_ttl' => '600'], 'WEBSOCKET_TOKEN_TTL'],
            'not a number' => [['websocket.token.ttl' => '1h'], 'WEBSOCKET_TOKEN_TTL'],
            'zero' => [['websocket.token.ttl' => '0'], 'WEBSOCKET_TOKEN_TTL'],
            'a bound that is not a number' => [['websocket.token.max_ttl' => 'week'], 'BRIDGE_MAX_TOKEN_TTL'],
        ];
    }

    /** @dataProvider refusedLifetimes */
    public function test_no_token_is_minted_for_a_lifetime_the_bridge_would_refuse(array $config, string $setting): void
    {
        config($config);
        $this->actingAs(new GenericUser(['id' => 5]))->getJson('/websocket/token')
            ->assertStatus(503)->assertExactJson(['error' => "session tokens are not configured ($setting)"]);
    }

    public function test_without_a_secret_the_route_says_so(): void
    {
        config(['websocket.secret' => null]);
        $this->actingAs(new GenericUser(['id' => 5]))->getJson('/websocket/token')
            ->assertStatus(503)->assertJson(['error' => 'session tokens are not configured (BRIDGE_SECRET)']);
    }
}

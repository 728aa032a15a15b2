<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Tests\Fixtures\Events\PrivateNotice;
use Ict\Bridge\Tests\Support\AppServer;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\Support\PusherSocket;
use Ict\Bridge\Tests\Support\RedisClient;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\Support\StreamCursor;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Broadcasting\BroadcastException;
use Illuminate\Support\Facades\Broadcast;

/**
 * BROADCAST_DRIVER=bridge end to end: /broadcasting/auth of the test app
 * served by `php -S` (routes/channels.php decides), Pusher protocol clients of
 * the real bridge subscribing with its answers, and ShouldBroadcast events
 * dispatched in Laravel reaching them through the bridge's Redis Stream.
 */
class BridgeDriverTest extends TestCase
{
    use BridgeSessions;

    protected array $environment = ['BROADCAST_DRIVER' => 'bridge'];

    private static ?AppServer $server = null;

    /** @var list<PusherSocket> */
    private array $sockets = [];

    public static function setUpBeforeClass(): void
    {
        self::$server = new AppServer(['BROADCAST_DRIVER' => 'bridge', 'AUTH_GUARD' => 'header']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$server?->stop();
        self::$server = null;
    }

    protected function tearDown(): void
    {
        foreach ($this->sockets as $socket) {
            $socket->close();
        }
        $this->closeSessions();
        parent::tearDown();
    }

    public function test_a_private_channel_answer_is_accepted_by_the_bridge_and_a_should_broadcast_event_reaches_the_subscriber(): void
    {
        $socket = $this->connect();
        $answer = $this->authorise($socket, 'private-App.Models.User.5', user: 5);
        $this->assertSame(['auth'], array_keys($answer));
        $this->assertStringStartsWith(Services::env('PUSHER_APP_KEY').':', $answer['auth']);

        $this->assertSubscribed($socket, 'private-App.Models.User.5', $answer);

        event(new PrivateNotice(5, 'Invoice 12 paid'));

        $frame = $socket->next();
        $this->assertSame(['invoice.paid', 'private-App.Models.User.5'], [$frame['event'] ?? null, $frame['channel'] ?? null], json_encode($frame));
        $this->assertSame(['text' => 'Invoice 12 paid', 'userId' => 5], json_decode($frame['data'], true), 'data is JSON text, socket left out');
    }

    public function test_the_bridge_refuses_an_answer_signed_for_another_socket(): void
    {
        [$mine, $other] = [$this->connect(), $this->connect()];
        $answer = $this->authorise($mine, 'private-App.Models.User.5', user: 5);

        $reply = $other->subscribe('private-App.Models.User.5', $answer);

        $this->assertSame('pusher:subscription_error', $reply['event'] ?? null, json_encode($reply));
        $this->assertSame(401, $reply['data']['status'] ?? null);
    }

    public function test_a_request_without_the_right_user_is_refused_403(): void
    {
        $socketId = $this->connect()->socketId;
        $cases = [
            'another user' => ['private-App.Models.User.5', ['X-Test-User' => '6']],
            'a guest' => ['private-App.Models.User.5', []],
            'a guest on a presence channel' => ['presence-room.1', []],
            'refused by the presence callback' => ['presence-room.1', ['X-Test-User' => '2']],
            'no channel callback' => ['private-nobody.5', ['X-Test-User' => '5']],
        ];
        foreach ($cases as $case => [$channel, $headers]) {
            [$status, $body] = self::$server->post('/broadcasting/auth', ['socket_id' => $socketId, 'channel_name' => $channel], $headers);
            $this->assertSame(403, $status, "$case: $body");
            $this->assertArrayNotHasKey('auth', (array) json_decode($body, true), $case);
        }
    }

    public function test_a_socket_id_or_channel_no_pusher_server_accepts_is_a_400_naming_it(): void
    {
        foreach ([['abc', 'private-App.Models.User.5', 'socket_id'], ['1.2', 'private-App.Models.User.5:x', 'channel_name']] as [$socketId, $channel, $named]) {
            [$status, $body] = self::$server->post('/broadcasting/auth', ['socket_id' => $socketId, 'channel_name' => $channel], ['X-Test-User' => '5']);
            $this->assertSame(400, $status, $body);
            $this->assertStringContainsString($named, json_decode($body, true)['message'] ?? '', $body);
        }
    }

    public function test_a_presence_answer_carries_the_callback_s_user_info_signed_with_socket_and_channel(): void
    {
        $socket = $this->connect();
        $answer = $this->authorise($socket, 'presence-room.1', user: 5);

        $this->assertSame(['auth', 'channel_data'], array_keys($answer));
        $this->assertSame(['user_id' => 5, 'user_info' => ['name' => 'User 5', 'room' => 1]], json_decode($answer['channel_data'], true));
        $this->assertSame(
            Services::env('PUSHER_APP_KEY').':'.hash_hmac('sha256', "{$socket->socketId}:presence-room.1:{$answer['channel_data']}", Services::env('PUSHER_APP_SECRET')),
            $answer['auth'],
        );
    }

    public function test_the_bridge_accepts_a_presence_answer_or_says_presence_is_not_served_yet(): void
    {
        $socket = $this->connect();
        $answer = $this->authorise($socket, 'presence-room.1', user: 5);

        $reply = $socket->subscribe('presence-room.1', $answer);

        if (($reply['event'] ?? null) === 'pusher:subscription_error') {
            // A bridge without presence channels (docs/pusher.md#not-there-yet); a refused signature is 401.
            $this->assertSame(['UnsupportedChannel', 501], [$reply['data']['type'] ?? null, $reply['data']['status'] ?? null], json_encode($reply));

            return;
        }
        $this->assertSame(['pusher_internal:subscription_succeeded', 'presence-room.1'], [$reply['event'] ?? null, $reply['channel'] ?? null], json_encode($reply));
        $presence = json_decode($reply['data'], true)['presence'] ?? [];
        $this->assertSame(['5'], array_map('strval', $presence['ids'] ?? []), json_encode($reply));
        $this->assertSame(['name' => 'User 5', 'room' => 1], $presence['hash']['5'] ?? null);
    }

    public function test_to_others_leaves_out_the_socket_named_by_x_socket_id(): void
    {
        [$sender, $other] = [$this->connect(), $this->connect()];
        foreach ([$sender, $other] as $socket) {
            $this->assertSubscribed($socket, 'private-App.Models.User.5', $this->authorise($socket, 'private-App.Models.User.5', user: 5));
        }

        // The route broadcasts PrivateNotice(5, 'sent by this tab')->toOthers() in the php -S process.
        [$status, $body] = self::$server->post('/notices/5', [], ['X-Socket-ID' => $sender->socketId]);
        $this->assertSame([200, 'sent'], [$status, $body]);
        $this->assertSame('sent by this tab', json_decode($other->next()['data'] ?? 'null', true)['text'] ?? null);

        // A sentinel to both: the sender's next event is the sentinel, so it never had the first.
        event(new PrivateNotice(5, 'sentinel'));
        foreach (['sender' => $sender, 'other' => $other] as $who => $socket) {
            $frame = $socket->next();
            $this->assertSame('sentinel', json_decode($frame['data'] ?? 'null', true)['text'] ?? null, "$who: ".json_encode($frame));
        }
    }

    public function test_an_event_on_public_channels_reaches_each_channel_s_subscribers_once_per_channel(): void
    {
        $socket = $this->connect();
        $this->assertSubscribed($socket, 'orders', []);
        $this->assertSubscribed($socket, 'shipping', []);

        Broadcast::connection('bridge')->broadcast(['orders', 'shipping', 'billing'], 'order.shipped', ['id' => 42]);

        $channels = [];
        foreach ([1, 2] as $_) {
            $frame = $socket->next();
            $this->assertSame(['order.shipped', '{"id":42}'], [$frame['event'] ?? null, $frame['data'] ?? null], json_encode($frame));
            $channels[] = $frame['channel'];
        }
        sort($channels);
        $this->assertSame(['orders', 'shipping'], $channels);
    }

    public function test_ws_sessions_get_a_user_channel_event_as_with_the_redis_broadcaster(): void
    {
        $this->connectUsers([5 => [], 6 => [], 1 => ['admin']]);
        $pusher = $this->connect();
        $this->assertSubscribed($pusher, 'private-App.Models.User.5', $this->authorise($pusher, 'private-App.Models.User.5', user: 5));

        event(new PrivateNotice(5, 'Invoice 12 paid'));

        $this->assertReachedExactly([5], 'invoice.paid', fn (array $data) => $this->assertSame('Invoice 12 paid', $data['text']));
        $this->assertSame('invoice.paid', $pusher->next()['event'] ?? null, 'and the Pusher subscriber, from the same entry');
    }

    public static function clients(): array
    {
        return ['phpredis' => ['phpredis'], 'predis' => ['predis']];
    }

    /** @dataProvider clients */
    public function test_the_event_is_one_stream_entry_with_the_channels_as_laravel_names_them(string $client): void
    {
        config(['database.redis.client' => $client, 'websocket.history' => '250']);
        $cursor = new StreamCursor('laravel_database_bridge:events');
        $monitor = new RedisClient(Services::redisPort());
        $monitor->monitor();

        $this->withHeader('X-Socket-ID', '7.8')->post('/notices/5')->assertOk();

        $entries = $cursor->read();
        $this->assertCount(1, $entries);
        [$m, $envelope, $c, $channels] = $entries[0]['fields'];
        $this->assertSame(['m', 'c', '["private-App.Models.User.5"]'], [$m, $c, $channels]);
        $this->assertSame(['event' => 'invoice.paid', 'data' => ['userId' => 5, 'text' => 'sent by this tab'], 'socket' => '7.8'], json_decode($envelope, true));
        $this->assertSame(['XADD', 'laravel_database_bridge:events', 'MAXLEN', '~', '250', '*', 'm', $envelope, 'c', $channels],
            $monitor->nextCommand('XADD', 3.0), 'trimmed as the listener\'s entries are');
    }

    public function test_an_event_over_the_bridge_s_limit_is_refused_here_and_not_appended(): void
    {
        $cursor = new StreamCursor('laravel_database_bridge:events');

        try {
            Broadcast::connection('bridge')->broadcast(['private-exports.1'], 'order.exported', ['csv' => str_repeat('x', 1_048_576)]);
            $this->fail('a 1 MiB event was published');
        } catch (BroadcastException $e) {
            $this->assertMatchesRegularExpression("/order.exported is 10486\\d\\d bytes of JSON, over the bridge's 1048576-byte limit/", $e->getMessage());
        }
        // On a channel no /ws session and no test's Pusher client receives: the bridge delivers it after this test.
        Broadcast::connection('bridge')->broadcast(['private-exports.1'], 'order.exported', ['csv' => str_repeat('x', 1_048_500)]);
        $this->assertCount(1, $cursor->read(), 'just under the limit is appended');
    }

    public function test_data_json_cannot_hold_or_a_bad_setting_is_a_broadcast_exception_naming_it(): void
    {
        $cases = [
            'not UTF-8' => [[], ['text' => "\xff"], 'order.noted was not published: its envelope is not encodable as JSON: Malformed UTF-8'],
            'history' => [['websocket.history' => '0'], ['id' => 1], 'order.noted on orders was not published: BRIDGE_HISTORY (websocket.history) must be a whole number'],
        ];
        foreach ($cases as $case => [$config, $data, $message]) {
            config($config);
            try {
                Broadcast::connection('bridge')->broadcast(['orders'], 'order.noted', $data);
                $this->fail("$case: published");
            } catch (BroadcastException $e) {
                $this->assertStringContainsString($message, $e->getMessage(), $case);
                $this->assertStringNotContainsString('check that this Redis answers', $e->getMessage(), "$case: Redis is not the problem");
            }
        }
    }

    public function test_redis_down_is_a_broadcast_exception_saying_what_failed(): void
    {
        config(['database.redis.default.port' => Services::freePort()]);

        try {
            event(new PrivateNotice(5, 'lost'));
            $this->fail('no exception while Redis was down');
        } catch (BroadcastException $e) {
            $this->assertStringContainsString('invoice.paid on private-App.Models.User.5 was not published: Redis XADD', $e->getMessage());
            $this->assertStringContainsString('check that this Redis answers', $e->getMessage());
        }
    }

    private function connect(): PusherSocket
    {
        return $this->sockets[] = PusherSocket::connect();
    }

    /** POST /broadcasting/auth to the php -S app as `$user`; asserts 200 and answers the JSON. */
    private function authorise(PusherSocket $socket, string $channel, int $user): array
    {
        [$status, $body] = self::$server->post('/broadcasting/auth', ['socket_id' => $socket->socketId, 'channel_name' => $channel],
            ['X-Test-User' => (string) $user]);
        $this->assertSame(200, $status, $body);

        return json_decode($body, true);
    }

    private function assertSubscribed(PusherSocket $socket, string $channel, array $answer): void
    {
        $reply = $socket->subscribe($channel, $answer);
        $this->assertSame(['pusher_internal:subscription_succeeded', $channel], [$reply['event'] ?? null, $reply['channel'] ?? null], json_encode($reply));
    }
}

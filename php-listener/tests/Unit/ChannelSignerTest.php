<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Broadcasting\ChannelSigner;
use PHPUnit\Framework\TestCase;
use Symfony\Component\HttpKernel\Exception\BadRequestHttpException;

/** Pusher's channel signatures, checked against Pusher's published worked example. */
class ChannelSignerTest extends TestCase
{
    private const KEY = '278d425bdf160c739803';

    private const SECRET = '7ad3773142a6692b25b8';

    public function test_the_private_channel_example_of_pusher_s_signature_guide(): void
    {
        $signer = new ChannelSigner(self::KEY, self::SECRET);

        $this->assertSame(
            ['auth' => self::KEY.':58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4'],
            $signer->privateChannel('1234.1234', 'private-foobar'),
        );
    }

    public function test_a_presence_answer_signs_socket_channel_and_the_channel_data_it_carries(): void
    {
        $answer = (new ChannelSigner(self::KEY, self::SECRET))->presenceChannel('1234.1234', 'presence-foobar', 10, ['name' => 'Mr. Channels']);

        $this->assertSame('{"user_id":10,"user_info":{"name":"Mr. Channels"}}', $answer['channel_data']);
        $this->assertSame(
            self::KEY.':'.hash_hmac('sha256', '1234.1234:presence-foobar:'.$answer['channel_data'], self::SECRET),
            $answer['auth'],
        );
    }

    public function test_empty_user_info_is_left_out_as_pusher_php_server_does(): void
    {
        $signer = new ChannelSigner(self::KEY, self::SECRET);

        $this->assertSame('{"user_id":"abc"}', $signer->presenceChannel('1.2', 'presence-x', 'abc', false)['channel_data']);
        $this->assertSame('{"user_id":7}', $signer->presenceChannel('1.2', 'presence-x', 7, [])['channel_data']);
    }

    /** @dataProvider refused */
    public function test_socket_ids_and_channels_no_pusher_server_accepts_are_refused(string $socketId, string $channel, string $named): void
    {
        try {
            (new ChannelSigner(self::KEY, self::SECRET))->auth($socketId, $channel);
            $this->fail("$socketId / $channel was signed");
        } catch (BadRequestHttpException $e) {
            $this->assertStringContainsString($named, $e->getMessage());
        }
    }

    public static function refused(): array
    {
        return [
            'no dot' => ['1234', 'private-a', 'socket_id'],
            'letters' => ['1.2x', 'private-a', 'socket_id'],
            'newline after' => ["1.2\n", 'private-a', 'socket_id'],
            'colon in channel' => ['1.2', 'private-a:b', 'channel_name'],
            'empty channel' => ['1.2', '', 'channel_name'],
            'too long' => ['1.2', 'private-'.str_repeat('a', 157), 'channel_name'],
        ];
    }

    public function test_the_longest_channel_pusher_accepts_is_signed(): void
    {
        $channel = 'private-'.str_repeat('a', 156);
        $this->assertSame(164, strlen($channel));
        $this->assertStringStartsWith(self::KEY.':', (new ChannelSigner(self::KEY, self::SECRET))->auth('1.2', $channel));
    }

    public function test_a_connection_without_key_or_secret_names_the_variable_to_set(): void
    {
        foreach ([['secret' => 's'], ['key' => 'k', 'secret' => '']] as $config) {
            try {
                ChannelSigner::fromConfig($config, 'bridge');
                $this->fail('signed without '.json_encode($config));
            } catch (\RuntimeException $e) {
                $this->assertMatchesRegularExpression('/broadcasting\.connections\.bridge\.(key|secret) is not set: set PUSHER_APP_(KEY|SECRET)/', $e->getMessage());
            }
        }
    }
}

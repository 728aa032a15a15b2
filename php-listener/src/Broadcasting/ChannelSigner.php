<?php

namespace Ict\Bridge\Broadcasting;

use Symfony\Component\HttpKernel\Exception\BadRequestHttpException;

/**
 * Pusher's channel authorisation signatures (docs/pusher.md#connection), as
 * the bridge checks them when a Pusher client subscribes:
 *
 *     auth = "<key>:" . hex HMAC-SHA256("<socket_id>:<channel>[:<channel_data>]", secret)
 *
 * The same strings pusher-php-server's socket_auth() and presence_auth() make,
 * so Laravel's stock `pusher` driver and this package's `bridge` driver answer
 * /broadcasting/auth alike.
 */
final class ChannelSigner
{
    /** Longest channel name Pusher (and the bridge) accepts. */
    public const MAX_CHANNEL_LENGTH = 164;

    public function __construct(private string $key, private string $secret)
    {
    }

    /**
     * A signer for a `config/broadcasting.php` connection (`key`, `secret`);
     * a missing one is named, with the variable to set.
     *
     * @param  array<string, mixed>  $config
     */
    public static function fromConfig(array $config, string $connection): self
    {
        foreach (['key' => 'PUSHER_APP_KEY', 'secret' => 'PUSHER_APP_SECRET'] as $field => $variable) {
            if (! is_string($config[$field] ?? null) || $config[$field] === '') {
                throw new \RuntimeException("broadcasting.connections.{$connection}.{$field} is not set: set {$variable} "
                    .'(the same value for Laravel and the bridge) to answer /broadcasting/auth for private and presence channels');
            }
        }

        return new self($config['key'], $config['secret']);
    }

    /** `{"auth": "key:signature"}` for a private channel. */
    public function privateChannel(string $socketId, string $channel): array
    {
        return ['auth' => $this->auth($socketId, $channel)];
    }

    /**
     * `{"auth", "channel_data"}` for a presence channel: channel_data is the
     * JSON text `{"user_id", "user_info"?}` (user_info left out when empty, as
     * pusher-php-server does), signed with the socket and channel.
     */
    public function presenceChannel(string $socketId, string $channel, mixed $userId, mixed $userInfo): array
    {
        $member = ['user_id' => $userId];
        if ($userInfo) {
            $member['user_info'] = $userInfo;
        }
        $channelData = json_encode($member, JSON_THROW_ON_ERROR);

        return ['auth' => $this->auth($socketId, $channel, $channelData), 'channel_data' => $channelData];
    }

    /** `key:hex HMAC` of `socket:channel[:channel_data]`; refuses a socket id or channel no Pusher server would. */
    public function auth(string $socketId, string $channel, ?string $channelData = null): string
    {
        if (preg_match('/\A\d+\.\d+\z/', $socketId) !== 1) {
            throw new BadRequestHttpException('socket_id must look like "123.456" (the socket_id of pusher:connection_established)');
        }
        if (strlen($channel) > self::MAX_CHANNEL_LENGTH || preg_match('/\A[-a-zA-Z0-9_=@,.;]+\z/', $channel) !== 1) {
            throw new BadRequestHttpException('channel_name must be 1 to '.self::MAX_CHANNEL_LENGTH
                .' letters, digits or _-=@,.; characters');
        }
        $signed = $socketId.':'.$channel.($channelData === null ? '' : ':'.$channelData);

        return $this->key.':'.hash_hmac('sha256', $signed, $this->secret);
    }
}

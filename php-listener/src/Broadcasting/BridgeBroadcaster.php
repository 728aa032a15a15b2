<?php

namespace Ict\Bridge\Broadcasting;

use Ict\Bridge\Exceptions\PublishFailed;
use Ict\Bridge\Publishing\Json;
use Ict\Bridge\Publishing\RedisPublisher;
use Illuminate\Broadcasting\BroadcastException;
use Illuminate\Broadcasting\Broadcasters\Broadcaster;
use Illuminate\Broadcasting\Broadcasters\UsePusherChannelConventions;
use Illuminate\Support\Arr;
use Illuminate\Support\Str;
use Symfony\Component\HttpKernel\Exception\AccessDeniedHttpException;

/**
 * Laravel's `bridge` broadcast driver (BROADCAST_DRIVER=bridge).
 *
 * /broadcasting/auth: Laravel's own channel callbacks (routes/channels.php)
 * decide, and the answer is what Pusher clients expect (`{"auth"}` for
 * private channels, `{"auth","channel_data"}` for presence channels), signed
 * with PUSHER_APP_KEY/SECRET as the bridge checks it when the client
 * subscribes. A guest on a private or presence channel, or a user the
 * callback refuses, gets 403, as with Laravel's `pusher` driver.
 *
 * broadcast(): one entry appended to the bridge's Redis Stream through the
 * package's RedisPublisher, the same entry the bridge logs for Laravel's
 * `redis` broadcaster:
 *
 *     XADD <prefix><BRIDGE_STREAM> MAXLEN ~ <BRIDGE_HISTORY> * m {"event","data","socket"} c ["<channel>",…]
 *
 * so every bridge node delivers it to the Pusher subscribers of those
 * channels (and `/ws` sessions as the redis broadcaster's events), leaving
 * out the connection whose socket id is `socket` (`->toOthers()`). The entry
 * is durable while no bridge runs. Redis refusing it throws BroadcastException.
 */
final class BridgeBroadcaster extends Broadcaster
{
    use UsePusherChannelConventions;

    /** The largest envelope the bridge reads (1 MiB, docs/protocol.md); a larger one would be dropped there. */
    public const MAX_ENVELOPE_BYTES = 1_048_576;

    private ?ChannelSigner $signer = null;

    /** @param  array<string, mixed>  $config  the `broadcasting.connections.bridge` entry */
    public function __construct(private RedisPublisher $log, private array $config)
    {
    }

    /**
     * Authenticates the request for `channel_name` with the channel callbacks.
     *
     * @throws AccessDeniedHttpException
     */
    public function auth($request)
    {
        $channelName = $this->normalizeChannelName((string) $request->channel_name);

        if (empty($request->channel_name) ||
            ($this->isGuardedChannel($request->channel_name) && ! $this->retrieveUser($request, $channelName))) {
            throw new AccessDeniedHttpException;
        }

        return parent::verifyUserCanAccessChannel($request, $channelName);
    }

    /** The Pusher-format answer for a request the channel callback accepted (`$result`: its return value). */
    public function validAuthenticationResponse($request, $result)
    {
        $channel = (string) $request->channel_name;
        $socketId = (string) $request->socket_id;

        if (Str::startsWith($channel, 'private')) {
            return $this->answer($request, $this->signer()->privateChannel($socketId, $channel));
        }

        $user = $this->retrieveUser($request, $this->normalizeChannelName($channel));
        $userId = method_exists($user, 'getAuthIdentifierForBroadcasting')
            ? $user->getAuthIdentifierForBroadcasting()
            : $user->getAuthIdentifier();

        return $this->answer($request, $this->signer()->presenceChannel($socketId, $channel, $userId, $result));
    }

    /**
     * Appends the event to the bridge's stream for `$channels`.
     *
     * @throws BroadcastException when Redis does not take it
     */
    public function broadcast(array $channels, $event, array $payload = [])
    {
        if ($channels === []) {
            return;
        }
        $socket = Arr::pull($payload, 'socket');
        $names = array_values($this->formatChannels($channels));
        $envelope = $this->envelope($event, $payload, $socket);

        try {
            $this->log->append(['m' => $envelope, 'c' => Json::encode($names)]);
        } catch (PublishFailed $e) {
            throw new BroadcastException("bridge broadcaster: {$event} on ".implode(', ', $names)." was not published: {$e->getMessage()}"
                .($e->setting !== null ? '' : '. The bridge delivers only what reaches its stream: check that this Redis answers, then retry'), 0, $e);
        }
    }

    /** Laravel's broadcaster envelope `{"event","data","socket"}` as JSON, `data` an object even when empty. */
    private function envelope(string $event, array $payload, mixed $socket): string
    {
        try {
            $envelope = Json::encode(['event' => $event, 'data' => $payload === [] ? new \stdClass() : $payload, 'socket' => $socket]);
        } catch (PublishFailed $e) {
            throw new BroadcastException("bridge broadcaster: {$event} was not published: its {$e->getMessage()}", 0, $e);
        }
        if (strlen($envelope) > self::MAX_ENVELOPE_BYTES) {
            throw new BroadcastException("bridge broadcaster: {$event} is ".strlen($envelope).' bytes of JSON, over the bridge\'s '
                .self::MAX_ENVELOPE_BYTES.'-byte limit for one event, so it was not published: broadcast less '
                .'(an id the page fetches the rest with, or broadcastWith())');
        }

        return $envelope;
    }

    private function signer(): ChannelSigner
    {
        return $this->signer ??= ChannelSigner::fromConfig($this->config, 'bridge');
    }

    /** Laravel's answer: the array, or JSONP when the request names a `callback`. */
    private function answer($request, array $answer)
    {
        if (! $request->input('callback', false)) {
            return $answer;
        }

        return response()->json($answer)->withCallback($request->callback);
    }
}

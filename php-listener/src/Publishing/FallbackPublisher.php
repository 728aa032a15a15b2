<?php

namespace Ict\Bridge\Publishing;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Exceptions\PublishFailed;
use Psr\Log\LoggerInterface;

/**
 * Redis first (XADD to the bridge's stream), then POST /broadcast (the bridge
 * appends it to the stream itself); when both fail it logs one warning and
 * returns, so the user's request still succeeds (php-listener/README.md).
 * A Redis attempt refused by a bad setting (BRIDGE_HISTORY, BRIDGE_STREAM) is
 * logged as a warning naming the setting even when the POST delivered the event.
 */
final class FallbackPublisher implements Publisher
{
    public function __construct(
        private Publisher $redis,
        private Publisher $http,
        private LoggerInterface $log,
    ) {
    }

    public function publish(array $envelope): void
    {
        try {
            $this->redis->publish($envelope);

            return;
        } catch (PublishFailed $redisFailure) {
            // fall through to HTTP
        }

        try {
            $this->http->publish($envelope);
            if ($redisFailure->setting !== null) {
                $this->log->warning("websocket: {$redisFailure->setting} is invalid, event sent over POST /broadcast", [
                    'type' => $envelope['type'] ?? null,
                    'setting' => $redisFailure->setting,
                    'redis' => $redisFailure->getMessage(),
                ]);
            } else {
                $this->log->info('websocket: Redis failed, event sent over POST /broadcast', [
                    'type' => $envelope['type'] ?? null,
                    'redis' => $redisFailure->getMessage(),
                ]);
            }
        } catch (PublishFailed $httpFailure) {
            $this->log->warning('websocket: event not delivered to the bridge', [
                'type' => $envelope['type'] ?? null,
                'redis' => $redisFailure->getMessage(),
                'http' => $httpFailure->getMessage(),
            ]);
        }
    }
}

<?php

namespace Ict\Bridge\Publishing;

use Ict\Bridge\Contracts\Publisher;
use Ict\Bridge\Exceptions\PublishFailed;
use Psr\Log\LoggerInterface;

/**
 * Redis first, then POST /broadcast; when both fail it logs one warning and
 * returns, so the user's request still succeeds (php-listener/README.md).
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
            $this->log->info('websocket: Redis failed, event sent over POST /broadcast', [
                'type' => $envelope['type'] ?? null,
                'redis' => $redisFailure->getMessage(),
            ]);
        } catch (PublishFailed $httpFailure) {
            $this->log->warning('websocket: event not delivered to the bridge', [
                'type' => $envelope['type'] ?? null,
                'redis' => $redisFailure->getMessage(),
                'http' => $httpFailure->getMessage(),
            ]);
        }
    }
}

<?php

namespace Ict\Bridge\Exceptions;

use RuntimeException;
use Throwable;

/** One way of reaching the bridge failed. */
final class PublishFailed extends RuntimeException
{
    public static function redis(string $connection, string $channel, Throwable $previous): self
    {
        return new self(
            "Redis PUBLISH on [{$channel}] through connection [{$connection}] failed: {$previous->getMessage()}",
            0,
            $previous,
        );
    }

    public static function http(string $url, string $reason): self
    {
        return new self("POST {$url} failed: {$reason}");
    }

    public static function encoding(Throwable $previous): self
    {
        return new self("envelope is not encodable as JSON: {$previous->getMessage()}", 0, $previous);
    }
}

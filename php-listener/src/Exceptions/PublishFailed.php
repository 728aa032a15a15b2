<?php

namespace Ict\Bridge\Exceptions;

use RuntimeException;
use Throwable;

/** One way of reaching the bridge failed. */
final class PublishFailed extends RuntimeException
{
    /** The setting to fix when a setting is what failed (e.g. BRIDGE_HISTORY), else null. */
    public ?string $setting = null;

    public static function redis(string $connection, string $stream, Throwable $previous): self
    {
        return new self(
            "Redis XADD to stream [{$stream}] through connection [{$connection}] failed: {$previous->getMessage()}",
            0,
            $previous,
        );
    }

    /** A setting of this package has a value it cannot publish with; the message says what to set. */
    public static function setting(string $setting, string $message): self
    {
        $error = new self($message);
        $error->setting = $setting;

        return $error;
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

<?php

namespace Ict\Bridge\Tests\Support;

/** An error reply read by RedisClient. */
final class RedisError
{
    public function __construct(public string $message)
    {
    }
}

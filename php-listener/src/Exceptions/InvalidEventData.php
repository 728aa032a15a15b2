<?php

namespace Ict\Bridge\Exceptions;

use InvalidArgumentException;

/** An event lacks a field the bridge requires for its type (docs/protocol.md#who-receives-what). */
final class InvalidEventData extends InvalidArgumentException
{
    public static function missingField(string $type, string $path): self
    {
        return new self("websocket: {$type} needs data.{$path} (docs/protocol.md#who-receives-what); the bridge would reject it");
    }
}

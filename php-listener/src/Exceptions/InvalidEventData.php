<?php

namespace Ict\Bridge\Exceptions;

use InvalidArgumentException;

/** An event lacks a field the bridge requires for its type (SPEC §4). */
final class InvalidEventData extends InvalidArgumentException
{
    public static function missingField(string $type, string $path): self
    {
        return new self("websocket: {$type} needs data.{$path} (SPEC §4); the bridge would reject it");
    }
}

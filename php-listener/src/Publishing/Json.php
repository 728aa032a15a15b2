<?php

namespace Ict\Bridge\Publishing;

use Ict\Bridge\Exceptions\PublishFailed;
use JsonException;

/** The one JSON encoding of envelopes. */
final class Json
{
    public static function encode(array $envelope): string
    {
        try {
            return json_encode(
                $envelope,
                JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION
            );
        } catch (JsonException $e) {
            throw PublishFailed::encoding($e);
        }
    }
}

<?php

namespace Ict\Bridge\Contracts;

use Ict\Bridge\Exceptions\PublishFailed;

/** Hands one listener envelope (docs/protocol.md#ingest-envelopes) to the bridge. */
interface Publisher
{
    /**
     * @param  array<string, mixed>  $envelope
     *
     * @throws PublishFailed
     */
    public function publish(array $envelope): void;
}

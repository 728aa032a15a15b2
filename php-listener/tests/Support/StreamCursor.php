<?php

namespace Ict\Bridge\Tests\Support;

/**
 * The entries appended to one Redis Stream key since the cursor was made (or
 * last read), read with a raw client: the key as Redis holds it, no prefix added.
 */
final class StreamCursor
{
    public readonly RedisClient $redis;

    private string $last;

    public function __construct(public readonly string $key)
    {
        $this->redis = new RedisClient(Services::redisPort());
        $this->last = $this->redis->lastId($key);
    }

    /** @return list<array{id: string, fields: list<string>}> the new entries, oldest first; the cursor moves past them */
    public function read(): array
    {
        $entries = $this->redis->entriesAfter($this->key, $this->last);
        if ($entries !== []) {
            $this->last = $entries[array_key_last($entries)]['id'];
        }

        return $entries;
    }

    /**
     * The new entries whose `m` holds an envelope of `$type` (the bridge appends
     * its own entries too: /broadcast, pub/sub), each with its fields as stored.
     *
     * @return list<array{id: string, fields: list<string>, envelope: array<string, mixed>}>
     */
    public function ofType(string $type): array
    {
        $found = [];
        foreach ($this->read() as $entry) {
            $at = array_search('m', array_filter($entry['fields'], fn ($i) => $i % 2 === 0, ARRAY_FILTER_USE_KEY), true);
            $envelope = $at === false ? null : json_decode($entry['fields'][$at + 1], true);
            if (is_array($envelope) && ($envelope['type'] ?? null) === $type) {
                $found[] = $entry + ['envelope' => $envelope];
            }
        }

        return $found;
    }
}

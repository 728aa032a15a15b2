<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Exceptions\InvalidEventData;
use Ict\Bridge\Support\Flag;
use Illuminate\Support\Arr;
use Illuminate\Support\Carbon;

/**
 * A help-desk domain event the bridge knows (docs/protocol.md#who-receives-what). It holds plain arrays
 * only, taken when the event is made, so it serialises onto a queue as is.
 */
abstract class HelpDeskEvent
{
    /** @var array{users?: list<int|string>, roles?: list<string>, everyone?: bool}|null */
    public ?array $audience = null;

    public string $occurredAt;

    /** The docs/protocol.md#who-receives-what type, e.g. `ticket_created`. */
    abstract public function type(): string;

    /** The envelope's `data`. @return array<string, mixed> */
    abstract public function data(): array;

    /** Dotted paths in `data` the bridge requires. @return list<string> */
    abstract public function requiredFields(): array;

    protected function stamp(): void
    {
        $this->occurredAt = Carbon::now('UTC')->format('Y-m-d\TH:i:s.v\Z');
        foreach ($this->requiredFields() as $path) {
            if (Arr::get($this->data(), $path) === null) {
                throw InvalidEventData::missingField($this->type(), $path);
            }
        }
    }

    /** Adds recipients (users and/or roles); never lifts a restriction of the type. */
    public function to(array $users = [], array $roles = []): static
    {
        $this->audience = array_merge($this->audience ?? [], array_filter([
            'users' => array_values(array_merge($this->audience['users'] ?? [], $users)),
            'roles' => array_values(array_merge($this->audience['roles'] ?? [], $roles)),
        ]));

        return $this;
    }

    /** Sends the event to every session. */
    public function toEveryone(): static
    {
        $this->audience = array_merge($this->audience ?? [], ['everyone' => true]);

        return $this;
    }

    /**
     * The listener envelope of docs/protocol.md#ingest-envelopes. Its flags (`audience.everyone`: the
     * property is public) are published as JSON booleans (Support\Flag).
     *
     * @return array<string, mixed>
     */
    public function toEnvelope(): array
    {
        return Flag::envelope(array_filter([
            'type' => $this->type(),
            'data' => $this->data(),
            'audience' => $this->audience ?: null,
            'occurred_at' => $this->occurredAt,
        ], fn ($value) => $value !== null));
    }
}

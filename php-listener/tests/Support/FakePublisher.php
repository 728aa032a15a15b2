<?php

namespace Ict\Bridge\Tests\Support;

use Ict\Bridge\Contracts\Publisher;
use PHPUnit\Framework\Assert;

/** Records envelopes instead of sending them. */
final class FakePublisher implements Publisher
{
    /** @var list<array<string, mixed>> */
    public array $envelopes = [];

    public function publish(array $envelope): void
    {
        $this->envelopes[] = json_decode(json_encode($envelope), true);
    }

    /** @return list<string> */
    public function types(): array
    {
        return array_column($this->envelopes, 'type');
    }

    public function only(string $type): array
    {
        $found = array_values(array_filter($this->envelopes, fn ($e) => $e['type'] === $type));
        Assert::assertCount(1, $found, "expected one $type, got: ".json_encode($this->types()));

        return $found[0];
    }
}

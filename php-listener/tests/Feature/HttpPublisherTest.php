<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events\EquipmentStatusChanged;
use Ict\Bridge\Exceptions\PublishFailed;
use Ict\Bridge\Publishing\HttpPublisher;
use Ict\Bridge\Support\BridgeUrls;
use Ict\Bridge\Tests\Support\BridgeSessions;
use Ict\Bridge\Tests\TestCase;

/** POST /broadcast to the real bridge over both transports: ext-curl and PHP streams. */
class HttpPublisherTest extends TestCase
{
    use BridgeSessions;

    protected function tearDown(): void
    {
        $this->closeSessions();
        parent::tearDown();
    }

    public static function transports(): array
    {
        return ['curl' => [true], 'streams' => [false]];
    }

    /** @dataProvider transports */
    public function test_posts_the_envelope_with_the_bearer_token(bool $curl): void
    {
        $this->connectUsers([8 => [], 9 => []]);

        $this->publisher($curl)->publish(
            (new EquipmentStatusChanged(['id' => 4, 'assigned_user_id' => 8], 'ok', 'broken'))->toEnvelope()
        );

        $this->assertReachedExactly([8], 'equipment_status_changed');
    }

    /** @dataProvider transports */
    public function test_a_refused_post_throws_with_the_status(bool $curl): void
    {
        config(['websocket.broadcast_token' => 'not-the-token']);

        $this->expectException(PublishFailed::class);
        $this->expectExceptionMessageMatches('#POST http://127\.0\.0\.1:\d+/broadcast failed: HTTP 401#');
        $this->publisher($curl)->publish(['type' => 'x', 'data' => []]);
    }

    private function publisher(bool $curl): HttpPublisher
    {
        return new HttpPublisher($this->app->make(BridgeUrls::class), $this->app['config'], $curl);
    }
}

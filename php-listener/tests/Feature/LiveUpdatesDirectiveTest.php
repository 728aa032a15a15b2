<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Auth\GenericUser;

/** `@liveUpdates([...])` in a layout: the bridge's client script and its configuration. */
class LiveUpdatesDirectiveTest extends TestCase
{
    public function test_a_logged_in_page_gets_the_client_and_its_config(): void
    {
        $page = $this->actingAs(new GenericUser(['id' => 5]))->get('/layout')->assertOk()->getContent();

        $src = 'http://127.0.0.1:'.Services::bridgePort().'/client.js';
        $this->assertStringContainsString('<script src="'.$src.'"></script>', $page);
        $this->assertMatchesRegularExpression('/window\.liveUpdatesConfig = (\{.*?\});/', $page);
        preg_match('/window\.liveUpdatesConfig = (\{.*?\});/', $page, $m);
        $config = json_decode($m[1], true);
        $this->assertSame('ws://127.0.0.1:'.Services::bridgePort().'/ws', $config['websocketUrl']);
        $this->assertSame('http://localhost/websocket/token', $config['tokenUrl']);
        $this->assertSame('/tickets/data', $config['apiEndpoint']);
        $this->assertSame('ru', $config['lang']);
        $this->assertTrue($config['useWebSocket']);
        $this->assertSame(40, strlen($config['csrfToken']));
        $this->assertStringContainsString('new LiveUpdates(window.liveUpdatesConfig)', $page);

        [$status, $script] = Services::get($src);
        $this->assertSame(200, $status, 'the bridge serves the script the tag points at');
        $this->assertStringContainsString('LiveUpdates', $script);
    }

    public function test_guests_get_nothing(): void
    {
        $this->get('/layout')->assertOk()->assertDontSee('<script', false);
    }

    public function test_a_configured_client_url_and_public_url_are_used(): void
    {
        config(['websocket.client_url' => '/vendor/bridge/client.js', 'websocket.url' => 'wss://help.example.org/ws']);

        $this->actingAs(new GenericUser(['id' => 5]))->get('/layout')
            ->assertSee('<script src="/vendor/bridge/client.js"></script>', false)
            ->assertSee('"websocketUrl":"wss://help.example.org/ws"', false);
    }

    public function test_html_in_options_cannot_break_out_of_the_script(): void
    {
        $html = app(\Ict\Bridge\View\LiveUpdatesTag::class)->render(['guests' => true, 'apiEndpoint' => '</script><b>x']);
        $this->assertStringNotContainsString('</script><b>', $html);
    }
}

<?php

namespace Ict\Bridge\View;

use Ict\Bridge\Support\BridgeUrls;
use Illuminate\Contracts\Config\Repository;
use Illuminate\Contracts\Container\Container;
use Illuminate\Http\Request;

/**
 * What `@liveUpdates` / `@liveUpdates(['apiEndpoint' => …])` prints into a
 * layout: the LiveUpdates client's <script> tag, its configuration as
 * `window.liveUpdatesConfig`, and (unless 'autostart' => false) one
 * `window.liveUpdates = new LiveUpdates(window.liveUpdatesConfig)`.
 * Renders nothing for guests (no token for them) or when disabled.
 */
final class LiveUpdatesTag
{
    private const JSON = JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT | JSON_UNESCAPED_SLASHES;

    private Request $request;

    public function __construct(private Repository $config, private BridgeUrls $urls, private Container $app)
    {
    }

    public function render(array $options = []): string
    {
        $autostart = (bool) ($options['autostart'] ?? true);
        $guests = (bool) ($options['guests'] ?? false);
        unset($options['autostart'], $options['guests']);
        $this->request = $this->app->make('request');

        if (! $this->config->get('websocket.enabled', true) || (! $guests && $this->request->user() === null)) {
            return '';
        }
        $settings = array_merge([
            'websocketUrl' => $this->urls->websocket($this->request),
            'tokenUrl' => route('websocket.token'),
            'csrfToken' => $this->csrfToken(),
            'useWebSocket' => true,
            'lang' => str_starts_with((string) $this->config->get('app.locale', 'en'), 'ru') ? 'ru' : 'en',
        ], $options);

        $html = '<script src="'.e($this->urls->client($this->request)).'"></script>'."\n"
            .'<script>window.liveUpdatesConfig = '.json_encode($settings, self::JSON).';';
        if ($autostart) {
            $html .= "\nif (window.LiveUpdates && !window.liveUpdates) { window.liveUpdates = new LiveUpdates(window.liveUpdatesConfig); }";
        }

        return $html."</script>\n";
    }

    private function csrfToken(): ?string
    {
        return $this->request->hasSession() ? $this->request->session()->token() : null;
    }
}

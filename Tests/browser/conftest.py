"""Fixtures: a real redis-server, the real bridge binary, the page's own origin and headless Chromium."""
import json
import os
import sys
import urllib.parse

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from pageserver import PageServer  # noqa: E402
from services import Bridge, Redis, wait_until  # noqa: E402

ARTIFACTS = os.path.join(os.path.dirname(__file__), 'artifacts')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, 'rep_' + rep.when, rep)


@pytest.fixture(scope='session', autouse=True)
def fresh_artifacts():
    """Screenshots of this run only."""
    if os.path.isdir(ARTIFACTS):
        for name in os.listdir(ARTIFACTS):
            if name.endswith('.png'):
                os.remove(os.path.join(ARTIFACTS, name))


@pytest.fixture(scope='session')
def redis():
    r = Redis().start()
    yield r
    r.stop()


@pytest.fixture(scope='session')
def bridge(redis):
    b = Bridge(redis.url).start()
    yield b
    b.stop()


@pytest.fixture
def live_bridge(bridge):
    """The shared bridge, started again if an earlier test left it stopped."""
    if bridge.proc is None or bridge.proc.poll() is not None:
        bridge.start()
    return bridge


@pytest.fixture(scope='session')
def page_server(bridge):
    # BROWSER_CLIENT_FROM_SOURCE=1 is for working on client.js against a binary built before the
    # change; the suite proper loads /client.js from the bridge.
    s = PageServer(bridge, client_from_source=os.environ.get('BROWSER_CLIENT_FROM_SOURCE') == '1').start()
    yield s
    s.stop()


@pytest.fixture
def pages(page_server, live_bridge):
    page_server.reset()
    return page_server


def _chrome():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get('CHROMIUM_BIN', '/usr/bin/chromium')
    for arg in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                '--window-size=1280,900', '--disable-background-timer-throttling',
                '--disable-renderer-backgrounding', '--lang=ru-RU'):
        opts.add_argument(arg)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    service = Service(executable_path=os.environ.get('CHROMEDRIVER_BIN', '/usr/bin/chromedriver'))
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    return driver


@pytest.fixture
def browsers(request):
    """A factory of headless Chromium instances (one per simulated user), all closed after the test.
    On failure, each browser's console is printed."""
    made = []

    def make():
        d = _chrome()
        made.append(d)
        return d

    yield make
    failed = getattr(request.node, 'rep_call', None) is not None and request.node.rep_call.failed
    for i, d in enumerate(made):
        try:
            if failed:
                os.makedirs(ARTIFACTS, exist_ok=True)
                d.save_screenshot(os.path.join(ARTIFACTS, f'{request.node.name}-{i}.png'))
                for entry in d.get_log('browser'):
                    print(f'[browser {i}] {entry["level"]} {entry["message"]}')
        finally:
            d.quit()


@pytest.fixture
def open_live(pages, browsers):
    """Opens the test page as one user: open_live(user=5, roles=('admin',), **LiveUpdates options)."""

    def open_page(user, roles=(), query=None, **options):
        options.setdefault('tokenUrl', '/token?' + urllib.parse.urlencode({'user': user, 'roles': ','.join(roles)}))
        d = browsers()
        d.get(pages.url('live.html', cfg=json.dumps(options), **(query or {})))
        return d

    return open_page


def connected(driver, transport='websocket', timeout=15):
    """Waits until the page's LiveUpdates is live over `transport`; returns its session id (or None)."""
    wait_until(f'LiveUpdates connected over {transport}',
               lambda: driver.execute_script('return window.live && window.live.transport') == transport, timeout)
    return driver.execute_script('return window.live.sessionId')

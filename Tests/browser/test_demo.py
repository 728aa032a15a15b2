"""/demo on a bridge started with --dev shows toasts for events published to Redis."""
import os

import pytest
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, connected
from events import ticket_created
from services import Bridge, wait_until


@pytest.fixture(scope='module')
def dev_bridge(redis):
    b = Bridge(redis.url, dev=True).start()
    yield b
    b.stop()


def test_demo_page_shows_a_russian_toast_for_a_published_event(redis, dev_bridge, browsers):
    d = browsers()
    d.get(dev_bridge.http + '/demo?user=5&roles=')
    connected(d)
    assert redis.publish(ticket_created(9901, requester=5, title='Принтер в 204')) >= 1
    toast = wait_until('the rendered toast', lambda: [t for t in d.find_elements(By.CSS_SELECTOR, '.lu-toast') if t.text], 5)[0]
    assert 'Новая заявка' in toast.text and 'Принтер в 204' in toast.text, toast.text
    assert 'ticket_created' in d.find_element(By.ID, 'log').text
    wait_until('onSuccess with /clients', lambda: '"clients"' in d.find_element(By.ID, 'refreshed').text, 5)
    os.makedirs(ARTIFACTS, exist_ok=True)
    d.save_screenshot(os.path.join(ARTIFACTS, 'demo.png'))

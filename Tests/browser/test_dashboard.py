"""/dashboard renders live figures from /status."""
import os
import time

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, connected
from events import ticket_created
from services import wait_until


def figure(d, id_):
    return d.find_element(By.ID, id_).text


def test_dashboard_shows_live_numbers_that_follow_published_events(redis, live_bridge, open_live, browsers):
    client = open_live(user=7)
    connected(client)
    d = browsers()
    d.get(live_bridge.http + '/dashboard')
    wait_until('figures from /status', lambda: figure(d, 'v-connections').isdigit() and figure(d, 'v-received').isdigit(), 10)
    wait_until('the client counted', lambda: int(figure(d, 'v-connections')) >= 1 and int(figure(d, 'v-users')) >= 1, 5)
    assert figure(d, 'v-redis') == 'connected'
    assert not d.find_element(By.ID, 'pusher-card').is_displayed(), 'the Pusher card shows without a Pusher app'
    before = int(figure(d, 'v-received'))

    for i in range(4):
        redis.publish(ticket_created(9500 + i, requester=7))
    wait_until('received to grow by 4', lambda: int(figure(d, 'v-received')) >= before + 4, 6)
    peak = float(d.find_element(By.ID, 'chart-messages').get_attribute('data-peak'))
    assert peak > 0, 'the messages/s chart never rose above 0'
    recent = d.find_element(By.ID, 'recent').text
    assert 'ticket_created' in recent, recent
    assert 'Не печатает' not in d.find_element(By.TAG_NAME, 'body').text, 'the dashboard shows payloads'
    assert d.find_elements(By.CSS_SELECTOR, '#chart-connections polyline'), 'no connections chart'
    assert d.find_elements(By.CSS_SELECTOR, '#chart-messages polyline'), 'no messages chart'

    time.sleep(2)  # a few more samples, so the screenshot shows lines rather than dots
    os.makedirs(ARTIFACTS, exist_ok=True)
    d.save_screenshot(os.path.join(ARTIFACTS, 'dashboard.png'))

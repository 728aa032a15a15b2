"""Without WebSocket the same events arrive by long-polling /messages; WebSocket comes back when it can."""
import socket
import time

from selenium.webdriver.common.by import By

from conftest import connected
from events import ticket_created
from services import free_port, wait_until


def events(d):
    return d.execute_script('return window.__events')


def test_websocket_blocked_by_the_page_falls_back_to_long_polling(redis, open_live):
    d = open_live(user=7, query={'blockws': '1'}, apiEndpoint='/api/data')
    loaded = time.monotonic()
    connected(d, 'polling', timeout=20)
    assert time.monotonic() - loaded < 20
    redis.publish(ticket_created(7001, requester=7))
    redis.publish(ticket_created(7002, requester=8))   # not for user 7
    wait_until('the event over long-polling', lambda: len(events(d)) >= 1, 30)
    time.sleep(1)
    got = events(d)
    assert [(e['type'], e['data']['ticket']['id'], e['transport']) for e in got] == \
        [('ticket_created', 7001, 'polling')], got
    assert d.find_elements(By.CSS_SELECTOR, '.lu-toast[data-type="ticket_created"]')
    wait_until('onSuccess', lambda: d.execute_script('return window.__refreshed.length') >= 1, 5)


def test_unreachable_websocket_port_falls_back_to_long_polling(redis, open_live):
    closed = free_port()  # nothing listens here
    with socket.socket() as probe:
        assert probe.connect_ex(('127.0.0.1', closed)) != 0
    d = open_live(user=7, websocketUrl=f'ws://127.0.0.1:{closed}/ws', httpUrl='BRIDGE')
    loaded = time.monotonic()
    connected(d, 'polling', timeout=20)
    assert time.monotonic() - loaded < 20
    redis.publish(ticket_created(7101, requester=7))
    wait_until('the event over long-polling', lambda: [e['data']['ticket']['id'] for e in events(d)] == [7101], 30)


def test_back_to_websocket_within_30s_without_loss_or_repeat(redis, open_live):
    d = open_live(user=7, query={'blockws': '1'})
    connected(d, 'polling', timeout=20)
    redis.publish(ticket_created(7201, requester=7))
    wait_until('the first event', lambda: len(events(d)) == 1, 30)

    d.execute_script('window.__blockWs = false')       # WebSocket works again
    unblocked = time.monotonic()
    connected(d, 'websocket', timeout=30)
    assert time.monotonic() - unblocked < 30
    redis.publish(ticket_created(7202, requester=7))
    wait_until('the second event', lambda: len(events(d)) >= 2, 5)
    time.sleep(1)
    got = events(d)
    assert [(e['data']['ticket']['id'], e['transport']) for e in got] == [(7201, 'polling'), (7202, 'websocket')], got


def test_use_websocket_false_polls_only(redis, open_live):
    d = open_live(user=7, useWebSocket=False, httpUrl='BRIDGE')
    connected(d, 'polling', timeout=10)
    redis.publish(ticket_created(7301, requester=7))
    wait_until('the event', lambda: len(events(d)) == 1, 30)
    assert d.execute_script('return window.__states.some(s => s.transport === "websocket")') is False

"""Close codes 4000–4099 are not retried as is (docs/protocol.md#frames)."""
import time

from conftest import connected
from services import wait_until


def states(d):
    return d.execute_script('return window.__states.map(s => s.state)')


def test_blocked_user_gets_the_message_then_4003_and_no_reconnect(redis, open_live):
    d = open_live(user=31)
    connected(d)
    redis.publish({'type': 'user_status_changed',
                   'data': {'user': {'id': 31, 'name': 'Петров'}, 'old_status': 'active', 'new_status': 'blocked'}})
    wait_until('the blocked state', lambda: 'blocked' in states(d), 10)
    assert d.execute_script('return window.__events.map(e => e.type)') == ['user_status_changed']
    opened = d.execute_script('return window.__sockets')
    time.sleep(4)
    assert d.execute_script('return window.__sockets') == opened, 'the client reconnected after 4003'
    assert d.execute_script('return window.live.transport') is None
    assert states(d)[-1] == 'blocked'


def test_expired_fixed_token_stops_with_unauthorized(live_bridge, open_live):
    token = live_bridge.token(32, ttl=3)           # a fixed token: nothing to refresh it with
    d = open_live(user=32, token=token, tokenUrl=None)
    connected(d)
    wait_until('4001 after exp', lambda: 'unauthorized' in states(d), 12)
    opened = d.execute_script('return window.__sockets')
    time.sleep(3)
    assert d.execute_script('return window.__sockets') == opened, 'the client kept retrying an expired token'
    assert 4001 in d.execute_script('return window.__states.map(s => s.code)')

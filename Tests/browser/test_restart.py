"""Reconnecting: after a bridge restart, and resuming from the last id (ids are the shared log's)."""
import time

from conftest import connected
from events import ticket_created
from services import wait_until


def events(d):
    return d.execute_script('return window.__events')


def test_reconnects_within_25s_after_a_bridge_restart_and_resumes_what_was_logged_meanwhile(redis, live_bridge, open_live):
    d = open_live(user=7, apiEndpoint='/api/data')
    first_session = connected(d)
    redis.publish(ticket_created(8001, requester=7))
    wait_until('the first event', lambda: len(events(d)) == 1, 5)
    wait_until('its refetch', lambda: d.execute_script('return window.__refreshed.length') == 1, 5)

    live_bridge.stop()                           # same port after the restart
    assert redis.append(ticket_created(8002, requester=7)), 'XADD to the shared log failed'
    live_bridge.start()
    back = time.monotonic()
    wait_until('a new WebSocket session', lambda: d.execute_script(
        'return window.live.transport === "websocket" && window.live.sessionId') not in (None, first_session), 25)
    assert time.monotonic() - back < 25
    # Ids are the shared log's and survive the restart: the client resumes and gets what php-listener
    # appended while no bridge ran, with no resync.
    wait_until('the event logged while the bridge was down', lambda: [e['data']['ticket']['id'] for e in events(d)] == [8001, 8002], 10)

    redis.publish(ticket_created(8003, requester=7))
    wait_until('an event after the restart', lambda: [e['data']['ticket']['id'] for e in events(d)] == [8001, 8002, 8003], 5)
    codes = d.execute_script('return window.__states.map(s => s.code).filter(Boolean)')
    assert 4200 in codes or 1006 in codes, codes


def test_resumes_from_the_last_id_and_receives_what_it_missed(redis, open_live):
    d = open_live(user=7)
    connected(d)
    redis.publish(ticket_created(8101, requester=7))
    wait_until('the first event', lambda: len(events(d)) == 1, 5)

    d.execute_script('window.live.stop()')
    redis.publish(ticket_created(8102, requester=7))
    redis.publish(ticket_created(8103, requester=8))   # not for user 7
    redis.publish(ticket_created(8104, requester=7))
    time.sleep(0.5)
    assert len(events(d)) == 1
    d.execute_script('window.live.start()')
    wait_until('the missed events', lambda: len(events(d)) >= 3, 10)
    time.sleep(1)
    assert [e['data']['ticket']['id'] for e in events(d)] == [8101, 8102, 8104]

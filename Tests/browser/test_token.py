"""Tokens: a fresh one is sent in-band before expiry; a refused one (4001) is fetched again."""
import time

from conftest import connected
from events import ticket_created
from services import wait_until


def test_fresh_token_in_band_keeps_the_session_past_expiry(redis, pages, open_live):
    pages.token_ttl = 8                    # the bridge closes a session within 3 s after exp without bridge:auth
    d = open_live(user=7)
    session = connected(d)
    time.sleep(14)
    assert d.execute_script('return window.live.sessionId') == session, 'the session was replaced'
    assert d.execute_script('return window.__states.filter(s => s.code).map(s => s.code)') == []
    assert pages.token_calls >= 2, 'the token was not fetched again before expiry'
    redis.publish(ticket_created(9001, requester=7))
    wait_until('an event on the same session', lambda: d.execute_script('return window.__events.length') == 1, 5)


def test_refused_token_is_fetched_again(redis, pages, open_live):
    pages.bad_tokens_left = 1              # the first token has a wrong signature
    d = open_live(user=7)
    connected(d, timeout=20)
    assert 4001 in d.execute_script('return window.__states.map(s => s.code)')
    assert pages.token_calls >= 2
    redis.publish(ticket_created(9101, requester=7))
    wait_until('an event', lambda: d.execute_script('return window.__events.length') == 1, 5)

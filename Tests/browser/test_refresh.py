"""A relevant event refetches apiEndpoint (with the CSRF token) and hands the data to onSuccess;
the page's own requests carry X-Socket-ID."""
import json
import re
import time
import urllib.request

from conftest import connected
from events import knowledge_article_created, ticket_created
from services import wait_until


def broadcast(bridge, messages):
    req = urllib.request.Request(bridge.http + '/broadcast', data=json.dumps({'messages': messages}).encode(),
                                 headers={'Content-Type': 'application/json'}, method='POST')
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 202
        return json.loads(r.read())


def test_on_success_gets_the_refetched_data_once_per_burst(live_bridge, pages, open_live):
    d = open_live(user=7, apiEndpoint='/api/data', csrfToken='csrf-123')
    connected(d)
    answer = broadcast(live_bridge, [ticket_created(5000 + i, requester=7) for i in range(5)])
    assert answer['accepted'] == 5
    wait_until('onSuccess', lambda: d.execute_script('return window.__refreshed.length') >= 1, 5)
    time.sleep(1.5)  # let any further (wrong) refetches of this burst happen
    assert d.execute_script('return window.__events.length') == 5
    refreshed = d.execute_script('return window.__refreshed')
    assert len(refreshed) == 1, f'one burst of 5 events refetched {len(refreshed)} times'
    assert refreshed[0]['tickets'] == [{'id': 42, 'title': 'Printer'}]
    calls = pages.headers_of('/api/data')
    assert len(calls) == 1
    assert calls[0].get('x-csrf-token') == 'csrf-123'


def test_only_the_listed_types_refresh(redis, pages, open_live):
    d = open_live(user=7, roles=(), apiEndpoint='/api/data', types=['ticket_created'])
    connected(d)
    redis.publish(knowledge_article_created(77))
    wait_until('the article event', lambda: d.execute_script('return window.__events.length') == 1, 5)
    time.sleep(1.5)
    assert pages.headers_of('/api/data') == [], 'an event outside `types` refetched the page data'
    redis.publish(ticket_created(5100, requester=7))
    wait_until('onSuccess after a listed type', lambda: d.execute_script('return window.__refreshed.length') == 1, 5)


def test_page_requests_to_its_own_origin_carry_x_socket_id(redis, pages, open_live):
    d = open_live(user=7, apiEndpoint='/api/data')
    session_id = connected(d)
    assert re.fullmatch(r'\d+\.\d+', session_id or ''), session_id
    d.execute_async_script('''
      const done = arguments[arguments.length - 1];
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/api/echo?via=xhr');
      xhr.onload = () => fetch('/api/echo?via=fetch', {headers: {'X-Requested-With': 'XMLHttpRequest'}})
        .then(r => r.json()).then(done, done);
      xhr.send();''')
    echoes = pages.headers_of('/api/echo')
    assert [h.get('x-socket-id') for h in echoes] == [session_id, session_id], echoes
    assert echoes[1].get('x-requested-with') == 'XMLHttpRequest', 'the page\'s own headers were lost'

    redis.publish(ticket_created(5200, requester=7))
    wait_until('the refetch', lambda: pages.headers_of('/api/data'), 5)
    assert pages.headers_of('/api/data')[0].get('x-socket-id') == session_id

"""The Pusher protocol from a browser (docs/pusher.md): a page of our own speaking what pusher-js
sends, in headless Chromium, against the real bridge and an authorisation endpoint shaped like
Laravel's /broadcasting/auth. pusher-js itself is not run: npm is out of reach here."""

import pytest

from pageserver import PageServer
from services import Bridge, wait_until

APP_ID, APP_KEY, APP_SECRET = '7', 'browser-key', 'browser-pusher-secret-0123456789'
CHANNELS = 'private-ticket.7,presence-ticket.7'


@pytest.fixture
def pusher_pages(redis):
    # Laravel's redis broadcaster publishes private and presence channels under Laravel's Redis
    # prefix: the bridge subscribes to them as docs/pusher.md tells an app to.
    bridge = Bridge(redis.url, env={'PUSHER_APP_ID': APP_ID, 'PUSHER_APP_KEY': APP_KEY, 'PUSHER_APP_SECRET': APP_SECRET,
                                    'BRIDGE_CHANNELS': 'ict.events,private-*,presence-*',
                                    'BRIDGE_REDIS_PREFIX': 'laravel_database_'}).start()
    pages = PageServer(bridge, pusher_app=(APP_KEY, APP_SECRET)).start()
    yield pages
    pages.stop()
    bridge.stop()


def events(driver, name=None, channel=None):
    found = driver.execute_script('return window.pusherEvents')
    return [e for e in found if (name is None or e['event'] == name) and (channel is None or e.get('channel') == channel)]


def wait_for(driver, what, name, channel=None, where=lambda e: True, timeout=10):
    wait_until(what, lambda: any(where(e) for e in events(driver, name, channel)), timeout)
    return next(e for e in events(driver, name, channel) if where(e))


def open_page(browsers, pages, user, channels=CHANNELS):
    driver = browsers()
    driver.get(pages.url('pusher.html', user=user, channels=channels))
    for channel in channels.split(','):
        wait_for(driver, f'user {user} subscribed to {channel}', 'pusher_internal:subscription_succeeded', channel)
    return driver


def test_private_and_presence_channels_events_and_whispers(redis, browsers, pusher_pages):
    first = open_page(browsers, pusher_pages, '1')
    second = open_page(browsers, pusher_pages, '2')

    joined = events(second, 'pusher_internal:subscription_succeeded', 'presence-ticket.7')[0]['data']['presence']
    assert sorted(joined['ids']) == ['1', '2'] and joined['count'] == 2, joined
    assert joined['hash']['1'] == {'name': 'user 1'}, joined
    wait_for(first, 'user 1 told that user 2 joined', 'pusher_internal:member_added', 'presence-ticket.7',
             lambda e: e['data'].get('user_id') == '2')

    # A Laravel ShouldBroadcast event through Laravel's redis broadcaster reaches both pages.
    redis.publish({'event': 'App\\Events\\TicketUpdated', 'data': {'ticket': {'id': 7, 'status': 'open'}}, 'socket': None},
                  channel='laravel_database_private-ticket.7')
    for driver in (first, second):
        got = wait_for(driver, 'the Laravel event on private-ticket.7', 'App\\Events\\TicketUpdated', 'private-ticket.7')
        assert got['data'] == {'ticket': {'id': 7, 'status': 'open'}}, got

    # A whisper reaches the other page, with the sender's user id on the presence channel, and
    # never comes back to the sender.
    second.execute_script("window.whisper('presence-ticket.7', 'typing', {ticket: 7})")
    got = wait_for(first, 'the whisper from user 2', 'client-typing', 'presence-ticket.7')
    assert got['data'] == {'ticket': 7} and got['user_id'] == '2', got
    redis.publish({'event': 'App\\Events\\Marker', 'data': {}, 'socket': None}, channel='laravel_database_private-ticket.7')
    wait_for(second, 'the marker after the whisper', 'App\\Events\\Marker', 'private-ticket.7')
    assert events(second, 'client-typing') == [], 'a whisper was echoed to its sender'

    second.quit()
    wait_for(first, 'user 1 told that user 2 left', 'pusher_internal:member_removed', 'presence-ticket.7',
             lambda e: e['data'].get('user_id') == '2')


def test_a_guest_is_refused_by_the_authorisation_endpoint_and_gets_nothing(redis, browsers, pusher_pages):
    guest = browsers()
    guest.get(pusher_pages.url('pusher.html', user='0', channels='private-ticket.7'))
    got = wait_for(guest, 'the guest refused', 'auth-failed', 'private-ticket.7')
    assert '403' in got['data'], got
    # Without an authorisation the bridge refuses the channel itself.
    guest.execute_script("window.subscribeWithoutAuth('private-ticket.7')")
    refused = wait_for(guest, 'the bridge refusing the unauthorised subscription', 'pusher:subscription_error')
    assert refused['data']['status'] == 401, refused
    member = open_page(browsers, pusher_pages, '1', channels='private-ticket.7')
    redis.publish({'event': 'App\\Events\\TicketUpdated', 'data': {'ticket': {'id': 7}}, 'socket': None},
                  channel='laravel_database_private-ticket.7')
    wait_for(member, 'the member got the event', 'App\\Events\\TicketUpdated', 'private-ticket.7')
    assert events(guest, 'App\\Events\\TicketUpdated') == [], 'a refused guest received a private event'

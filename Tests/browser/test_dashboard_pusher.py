"""/dashboard shows the Pusher channels card: occupied channels, subscriptions and presence
members read from /status (docs/pusher.md#dashboard)."""
import hashlib
import hmac
import json

import websocket
from selenium.webdriver.common.by import By

from services import Bridge, wait_until

APP_ID, APP_KEY, APP_SECRET = '5', 'dashboard-key', 'dashboard-secret-0123456789'


class PusherClient:
    """A Pusher protocol 7 connection that joins channels as an authorisation endpoint allows."""

    def __init__(self, bridge):
        self.ws = websocket.create_connection(f'ws://127.0.0.1:{bridge.port}/app/{APP_KEY}?protocol=7', timeout=5)
        self.socket_id = json.loads(json.loads(self.ws.recv())['data'])['socket_id']

    def join(self, channel, user_id=None):
        data = {'channel': channel}
        if user_id is not None:
            data['channel_data'] = json.dumps({'user_id': user_id, 'user_info': {'name': f'user {user_id}'}})
            signed = f'{self.socket_id}:{channel}:{data["channel_data"]}'
            data['auth'] = APP_KEY + ':' + hmac.new(APP_SECRET.encode(), signed.encode(), hashlib.sha256).hexdigest()
        self.ws.send(json.dumps({'event': 'pusher:subscribe', 'data': data}))
        reply = json.loads(self.ws.recv())
        assert reply['event'] == 'pusher_internal:subscription_succeeded', reply


def cell_texts(d):
    return [[td.text for td in tr.find_elements(By.TAG_NAME, 'td')]
            for tr in d.find_elements(By.CSS_SELECTOR, '#pusher-channels tbody tr')]


def test_dashboard_shows_pusher_channels_and_presence_members(redis, browsers):
    bridge = Bridge(redis.url, env={'PUSHER_APP_ID': APP_ID, 'PUSHER_APP_KEY': APP_KEY, 'PUSHER_APP_SECRET': APP_SECRET}).start()
    clients = []
    try:
        for user in ('1', '2'):
            client = PusherClient(bridge)
            clients.append(client)
            client.join('presence-helpdesk', user)
            client.join('tickets')
        d = browsers()
        d.get(bridge.http + '/dashboard')
        # Presence members come from the presence heartbeat, at most 2 s old.
        wait_until('the Pusher card to count both members',
                   lambda: d.find_element(By.ID, 'v-pusher-members').text == '2', 10)
        assert d.find_element(By.ID, 'pusher-card').is_displayed()
        assert d.find_element(By.ID, 'v-pusher-channels').text == '2'
        assert d.find_element(By.ID, 'v-pusher-subscriptions').text == '4'
        assert d.find_element(By.ID, 'v-pusher-presence').text == '1'
        rows = cell_texts(d)
        assert ['presence-helpdesk', '2', '2'] in rows, rows
        assert ['tickets', '2', ''] in rows, rows
    finally:
        for client in clients:
            client.ws.close()
        bridge.stop()

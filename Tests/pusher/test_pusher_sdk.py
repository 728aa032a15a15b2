"""The official Pusher HTTP SDK (PyPI `pusher`) triggers events that a Pusher protocol client
subscribed on the bridge receives, reads channel information and terminates a user's
connections (docs/pusher.md#http-api)."""
import hashlib
import hmac
import json
import struct
import uuid

import pusher
import pytest
import websocket

TIMEOUT = 5


class Client:
    """A Pusher protocol 7 WebSocket client: connects, reads connection_established, subscribes."""

    def __init__(self, bridge):
        self.bridge = bridge
        self.ws = websocket.create_connection(f'ws://127.0.0.1:{bridge.port}/app/{bridge.key}?protocol=7&client=py&version=1',
                                              timeout=TIMEOUT)
        hello = self.next()
        assert hello['event'] == 'pusher:connection_established', hello
        self.socket_id = json.loads(hello['data'])['socket_id']

    def next(self):
        return json.loads(self.ws.recv())

    def subscribe(self, channel):
        data = {'channel': channel}
        if channel.startswith('private-'):
            signature = hmac.new(self.bridge.secret.encode(), f'{self.socket_id}:{channel}'.encode(), hashlib.sha256).hexdigest()
            data['auth'] = f'{self.bridge.key}:{signature}'
        self.ws.send(json.dumps({'event': 'pusher:subscribe', 'data': data}))
        reply = self.next()
        assert reply == {'event': 'pusher_internal:subscription_succeeded', 'channel': channel, 'data': '{}'}, reply

    def subscribe_presence(self, channel, user_id, user_info):
        """Joins a presence channel as an authorisation endpoint would allow; answers the members."""
        channel_data = json.dumps({'user_id': user_id, 'user_info': user_info})
        signed = f'{self.socket_id}:{channel}:{channel_data}'
        signature = hmac.new(self.bridge.secret.encode(), signed.encode(), hashlib.sha256).hexdigest()
        self.ws.send(json.dumps({'event': 'pusher:subscribe',
                                 'data': {'channel': channel, 'auth': f'{self.bridge.key}:{signature}', 'channel_data': channel_data}}))
        reply = self.next()
        assert reply['event'] == 'pusher_internal:subscription_succeeded', reply
        return json.loads(reply['data'])['presence']

    def close(self):
        self.ws.close()


@pytest.fixture
def sdk(bridge):
    return pusher.Pusher(app_id=bridge.app_id, key=bridge.key, secret=bridge.secret, host='127.0.0.1', port=bridge.port,
                         ssl=False, timeout=TIMEOUT)


@pytest.fixture
def client(bridge):
    c = Client(bridge)
    yield c
    c.close()


def test_trigger_reaches_a_subscriber(sdk, client):
    client.subscribe('private-orders.1')
    sdk.trigger('private-orders.1', 'order-shipped', {'id': 1, 'note': 'ünïcode'})
    frame = client.next()
    assert frame['event'] == 'order-shipped'
    assert frame['channel'] == 'private-orders.1'
    assert json.loads(frame['data']) == {'id': 1, 'note': 'ünïcode'}


def test_trigger_on_several_channels_and_a_batch(sdk, client):
    client.subscribe('news')
    sdk.trigger(['news', 'other'], 'headline', 'plain text')
    assert client.next() == {'event': 'headline', 'channel': 'news', 'data': 'plain text'}
    sdk.trigger_batch([{'channel': 'news', 'name': 'first', 'data': '1'}, {'channel': 'news', 'name': 'second', 'data': '2'}])
    assert [client.next()['event'], client.next()['event']] == ['first', 'second']


def test_socket_id_excludes_the_sender(bridge, sdk, client):
    other = Client(bridge)
    try:
        for c in (client, other):
            c.subscribe('room')
        sdk.trigger('room', 'said', 'hello', socket_id=client.socket_id)
        assert other.next()['data'] == 'hello'
        marker = str(uuid.uuid4())
        sdk.trigger('room', 'marker', marker)
        assert client.next() == {'event': 'marker', 'channel': 'room', 'data': marker}
    finally:
        other.close()


def test_a_wrong_secret_is_refused(bridge):
    wrong = pusher.Pusher(app_id=bridge.app_id, key=bridge.key, secret='not-the-secret', host='127.0.0.1', port=bridge.port,
                          ssl=False, timeout=TIMEOUT)
    with pytest.raises(pusher.errors.PusherBadAuth):
        wrong.trigger('news', 'x', 'y')


def test_data_over_10_kib_is_refused_by_the_bridge_with_413(sdk):
    # The SDK's own check lets about 30 KB through: the bridge's 10 KiB (BRIDGE_PUSHER_MAX_DATA) refuses.
    with pytest.raises(pusher.errors.PusherBadStatus, match='413'):
        sdk.trigger('news', 'big', 'd' * 10241)
    sdk.trigger('news', 'big', 'd' * 10240)


def test_channel_information(bridge, sdk, client):
    other = Client(bridge)
    try:
        client.subscribe_presence('presence-sdk-desk', '1', {'name': 'Ann'})
        members = other.subscribe_presence('presence-sdk-desk', '2', {'name': 'Bob'})
        assert members == {'ids': members['ids'], 'hash': {'1': {'name': 'Ann'}, '2': {'name': 'Bob'}}, 'count': 2}
        assert sorted(members['ids']) == ['1', '2']
        other.subscribe('sdk-lobby')
        assert sdk.users_info('presence-sdk-desk') == {'users': [{'id': '1'}, {'id': '2'}]}
        assert sdk.channel_info('presence-sdk-desk', ['user_count', 'subscription_count']) == \
            {'occupied': True, 'user_count': 2, 'subscription_count': 2}
        assert sdk.channel_info('sdk-lobby', ['subscription_count']) == {'occupied': True, 'subscription_count': 1}
        assert sdk.channel_info('sdk-nobody') == {'occupied': False}
        assert sdk.channels_info('presence-sdk-', ['user_count']) == {'channels': {'presence-sdk-desk': {'user_count': 2}}}
        assert sdk.channels_info('sdk-') == {'channels': {'sdk-lobby': {}}}
        with pytest.raises(pusher.errors.PusherBadRequest):
            sdk.channels_info(attributes=['user_count'])
        with pytest.raises(pusher.errors.PusherBadRequest):
            sdk.users_info('sdk-lobby')
    finally:
        other.close()


def test_terminate_user_connections(bridge, sdk, client):
    watcher = Client(bridge)
    try:
        watcher.subscribe_presence('presence-sdk-kick', 'watcher', None)
        client.subscribe_presence('presence-sdk-kick', '77', {'name': 'Kicked'})
        added = watcher.next()
        assert added['event'] == 'pusher_internal:member_added', added
        sdk.terminate_user_connections('77')
        error = client.next()
        assert error == {'event': 'pusher:error', 'data': {'code': 4009, 'message': error['data']['message']}}
        opcode, frame = client.ws.recv_data_frame(True)
        assert opcode == websocket.ABNF.OPCODE_CLOSE
        assert struct.unpack('!H', frame.data[:2])[0] == 4009
        removed = watcher.next()
        assert removed['event'] == 'pusher_internal:member_removed'
        assert json.loads(removed['data']) == {'user_id': '77'}
    finally:
        watcher.close()

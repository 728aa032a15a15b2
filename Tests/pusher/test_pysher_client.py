"""pysher (PyPI), a Pusher WebSocket client library, against the bridge on a custom host
(docs/pusher.md#client-events): it subscribes to a private channel with its own signature and
triggers a client event, which the other subscriber receives and the sender does not."""
import json
import logging
import queue
import uuid

import pusher
import pysher
import pysher.channel
import pytest

TIMEOUT = 5
CHANNEL = 'private-pysher-room'


class Peer:
    """A pysher client connected to the bridge, recording the events of the channels it binds."""

    def __init__(self, bridge):
        self.events = queue.Queue()
        connected = queue.Queue()
        self.client = pysher.Pusher(bridge.key, secret=bridge.secret, custom_host='127.0.0.1', port=bridge.port, secure=False,
                                    log_level=logging.WARNING, reconnect_interval=1)
        self.client.connection.bind('pusher:connection_established', connected.put)
        self.client.connect()
        connected.get(timeout=TIMEOUT)

    def subscribe(self, channel_name, *events):
        # pysher's own subscribe() sends pusher:subscribe before it creates the channel object
        # the handlers are bound to, so a fast subscription_succeeded can arrive with nothing
        # bound yet and be dropped. The channel is made and bound first here, then the same
        # message is sent, signed by pysher.
        channel = pysher.channel.Channel(channel_name, self.client.connection)
        for name in ('pusher_internal:subscription_succeeded',) + events:
            channel.bind(name, lambda data, name=name: self.events.put((name, data)))
        self.client.channels[channel_name] = channel
        self.client.connection.send_event('pusher:subscribe', {'channel': channel_name,
                                                              'auth': self.client._generate_auth_token(channel_name)})
        assert self.next()[0] == 'pusher_internal:subscription_succeeded'
        return channel

    def next(self):
        return self.events.get(timeout=TIMEOUT)

    def close(self):
        # pysher sends the close frame at once but may wait its whole timeout to join its reader
        # thread (a daemon, which ends with the socket); one second is enough to see it go.
        self.client.disconnect(timeout=1)


@pytest.fixture
def peers(bridge):
    made = [Peer(bridge), Peer(bridge)]
    yield made
    for peer in made:
        peer.close()


def test_a_pysher_whisper_reaches_the_other_subscriber_and_not_the_sender(bridge, peers):
    sender, receiver = peers
    channel = sender.subscribe(CHANNEL, 'client-typing', 'marker')
    receiver.subscribe(CHANNEL, 'client-typing', 'marker')
    channel.trigger('client-typing', {'who': 'sender', 'text': 'ünïcode'})
    name, data = receiver.next()
    assert name == 'client-typing'
    assert json.loads(data) == {'who': 'sender', 'text': 'ünïcode'}
    # The sender's next event is a marker sent after the whisper: it never got its own event back.
    marker = str(uuid.uuid4())
    sdk = pusher.Pusher(app_id=bridge.app_id, key=bridge.key, secret=bridge.secret, host='127.0.0.1', port=bridge.port,
                        ssl=False, timeout=TIMEOUT)
    sdk.trigger(CHANNEL, 'marker', marker)
    assert sender.next() == ('marker', marker)
    assert receiver.next() == ('marker', marker)

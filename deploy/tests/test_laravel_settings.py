"""The Laravel settings docs/deploy.md recommends, against a real bridge and redis-server:
Laravel's Redis prefix (REDIS_PREFIX → BRIDGE_REDIS_PREFIX) and BRIDGE_CHANNELS with a
pattern for the per-user private channels of BROADCAST_DRIVER=redis."""
import json

import pytest

from support.bridge import event_envelope
from support.tokens import mint
from support.ws import Session

PREFIX = "laravel_database_"
CHANNELS = "ict.events,private-App.Models.User.*"


@pytest.fixture
def laravel_bridge(stack):
    redis = stack.redis()
    node = stack.bridge(redis.url, channels=CHANNELS, env={"BRIDGE_REDIS_PREFIX": PREFIX})
    sessions = []
    yield redis, node, sessions
    for session in sessions:
        session.close()


def test_listener_events_on_the_prefixed_channel_reach_everyone(laravel_bridge):
    redis, node, sessions = laravel_bridge
    sessions.append(Session(node.ws_url, token=mint(5)))
    assert redis.publish(PREFIX + "ict.events", event_envelope("prefixed")) >= 1
    assert sessions[0].recv_event()["data"]["notification"]["title"] == "prefixed"


def test_broadcaster_events_on_a_user_channel_reach_only_that_user(laravel_bridge):
    redis, node, sessions = laravel_bridge
    five, six = Session(node.ws_url, token=mint(5)), Session(node.ws_url, token=mint(6))
    sessions += [five, six]
    laravel = {"event": "App\\Events\\InvoicePaid", "data": {"invoice": 12}, "socket": None}
    assert redis.publish(PREFIX + "private-App.Models.User.5", json.dumps(laravel)) >= 1
    redis.publish(PREFIX + "ict.events", event_envelope("marker"))
    event = five.recv_event()
    assert event["type"] == "App\\Events\\InvoicePaid" and event["data"]["invoice"] == 12
    assert five.recv_event()["data"]["notification"]["title"] == "marker"
    assert six.recv_event()["data"]["notification"]["title"] == "marker", "user 6 got user 5's event"

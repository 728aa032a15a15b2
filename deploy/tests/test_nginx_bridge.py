"""End to end through nginx: redis-server, the real bridge and Debian's nginx with the shipped
configuration (HTTP and TLS), a real WebSocket client, events published to Redis."""
import json
import threading
import time

import pytest

from support import http
from support.bridge import event_envelope
from support.certs import client_context, self_signed
from support.tokens import mint
from support.ws import Session


@pytest.fixture(scope="module")
def site(module_stack, tmp_path_factory):
    redis = module_stack.redis()
    bridge = module_stack.bridge(redis.url, env={"BRIDGE_BROADCAST_TOKEN": BROADCAST_TOKEN})
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    nginx = module_stack.nginx(bridge.port, cert=cert, key=key)
    return redis, bridge, nginx, cert


BROADCAST_TOKEN = "deploy-test-broadcast-token"


def poll_path(since, wait):
    return f"/messages?since={since}&wait={wait}" if since else f"/messages?wait={wait}"


def published_to_everyone(redis, title):
    receivers = redis.publish("ict.events", event_envelope(title))
    assert receivers >= 1, "the bridge is not subscribed to ict.events"


def test_websocket_through_nginx_welcome_then_event(site):
    redis, _, nginx, _ = site
    session = Session(f"ws://127.0.0.1:{nginx.http_port}/ws", token=mint(5, ["technician"]))
    try:
        assert session.welcome["user_id"] == "5"
        published_to_everyone(redis, "through nginx")
        event = session.recv_event()
        assert event["type"] == "system_notification_created"
        assert event["data"]["notification"]["title"] == "through nginx"
        assert "audience" not in event
    finally:
        session.close()


def test_upgrades_still_work_after_plain_requests(site):
    """nginx must not send an upgrade over a connection that already served a request."""
    _, _, nginx, _ = site
    for _ in range(5):
        assert http.get(nginx.http_port, "/health").status == 200
    for user in (21, 22, 23):
        session = Session(f"ws://127.0.0.1:{nginx.http_port}/ws", token=mint(user))
        session.close()


def test_root_address_upgrades_with_first_frame_auth(site):
    redis, _, nginx, _ = site
    session = Session(f"ws://127.0.0.1:{nginx.http_port}/", token=mint(6), first_frame_auth=True)
    try:
        assert session.welcome["user_id"] == "6"
        published_to_everyone(redis, "old address")
        assert session.recv_event()["data"]["notification"]["title"] == "old address"
    finally:
        session.close()


def test_status_through_nginx_counts_a_proxied_session(site):
    _, _, nginx, _ = site
    session = Session(f"ws://127.0.0.1:{nginx.http_port}/ws", token=mint(7))
    try:
        reply = http.get(nginx.http_port, "/status")
        assert reply.status == 200
        status = reply.json()
        for key in ("status", "version", "node", "connections", "sessions", "users", "messages",
                    "redis", "history"):
            assert key in status, f"/status lacks {key!r}: {status}"
        assert status["redis"]["connected"] is True
        assert status["sessions"] >= 1
    finally:
        session.close()


def test_client_js_through_nginx(site):
    _, _, nginx, _ = site
    reply = http.get(nginx.http_port, "/client.js")
    assert reply.status == 200
    assert "javascript" in (reply.header("content-type") or "")
    assert b"LiveUpdates" in reply.body


def test_health_and_ready_through_nginx(site):
    _, _, nginx, _ = site
    assert http.get(nginx.http_port, "/health").status == 200
    assert http.get(nginx.http_port, "/ready").status == 200


def test_tls_websocket_and_client_js(site):
    redis, _, nginx, cert = site
    context = client_context(cert)
    session = Session(f"wss://127.0.0.1:{nginx.https_port}/ws", token=mint(8), ssl=context)
    try:
        published_to_everyone(redis, "over tls")
        assert session.recv_event()["data"]["notification"]["title"] == "over tls"
    finally:
        session.close()
    reply = http.get(nginx.https_port, "/client.js", ssl_context=context)
    assert reply.status == 200 and b"LiveUpdates" in reply.body


def test_long_poll_answers_as_soon_as_an_event_arrives(site):
    redis, _, nginx, _ = site
    headers = {"Authorization": f"Bearer {mint(9)}"}
    start = http.get(nginx.http_port, "/messages?wait=0", headers=headers)
    assert start.status == 200, start.body[:300]
    since = start.json()["last_id"]
    timer = threading.Timer(1.0, published_to_everyone, args=(redis, "long poll"))
    timer.start()
    try:
        began = time.monotonic()
        reply = http.get(nginx.http_port, poll_path(since, 20), headers=headers,
                         timeout=40)
        elapsed = time.monotonic() - began
    finally:
        timer.cancel()
    assert reply.status == 200, reply.body[:300]
    titles = [m["data"]["notification"]["title"] for m in reply.json()["messages"]]
    assert titles == ["long poll"]
    assert elapsed < 10, f"the long-poll answer took {elapsed:.1f}s to come through nginx"


def test_long_poll_with_nothing_to_say_is_not_cut_by_nginx(site):
    _, _, nginx, _ = site
    headers = {"Authorization": f"Bearer {mint(10)}"}
    since = http.get(nginx.http_port, "/messages?wait=0", headers=headers).json()["last_id"]
    began = time.monotonic()
    reply = http.get(nginx.http_port, poll_path(since, 3), headers=headers, timeout=40)
    elapsed = time.monotonic() - began
    assert reply.status == 200, reply.body[:300]
    assert reply.json()["messages"] == []
    assert 2.0 <= elapsed < 10, f"wait=3 answered after {elapsed:.1f}s"


def test_broadcast_through_nginx_from_an_allowed_address(site):
    """Behind a proxy every request comes from loopback, so the bridge wants its bearer token."""
    _, _, nginx, _ = site
    session = Session(f"ws://127.0.0.1:{nginx.http_port}/ws", token=mint(11))
    try:
        refused = http.post_json(nginx.http_port, "/broadcast", json.loads(event_envelope("no token")))
        assert refused.status == 401, refused.body[:300]
        reply = http.post_json(nginx.http_port, "/broadcast", json.loads(event_envelope("posted")),
                               headers={"Authorization": f"Bearer {BROADCAST_TOKEN}"})
        assert reply.status == 202, reply.body[:300]
        assert session.recv_event()["data"]["notification"]["title"] == "posted"
    finally:
        session.close()

"""BRIDGE_ALLOWED_ORIGINS behind nginx: the browser's Origin passes through unchanged, so the
bridge still refuses foreign pages' upgrades (403) and answers CORS for /messages."""
import pytest
from websockets.exceptions import InvalidStatus

from support import http
from support.tokens import mint
from support.ws import Session

HELPDESK = "https://helpdesk.example.org"


@pytest.fixture
def proxied(stack):
    redis = stack.redis()
    bridge = stack.bridge(redis.url, env={"BRIDGE_ALLOWED_ORIGINS": HELPDESK})
    return stack.nginx(bridge.port)


def test_listed_origin_upgrades_and_a_foreign_one_gets_403(proxied):
    url = f"ws://127.0.0.1:{proxied.http_port}/ws"
    session = Session(url, token=mint(5), origin=HELPDESK)
    session.close()
    with pytest.raises(InvalidStatus) as refused:
        Session(url, token=mint(5), origin="https://evil.example.net")
    assert refused.value.response.status_code == 403


def test_cors_preflight_for_messages_passes_through(proxied):
    reply = http.request("OPTIONS", "127.0.0.1", proxied.http_port, "/messages", headers={
        "Origin": HELPDESK, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    assert reply.status in (200, 204), reply.status
    assert reply.header("access-control-allow-origin") == HELPDESK
    assert "authorization" in (reply.header("access-control-allow-headers") or "").lower()
    foreign = http.get(proxied.http_port, "/messages?wait=0", headers={
        "Origin": "https://evil.example.net", "Authorization": f"Bearer {mint(5)}"})
    assert foreign.header("access-control-allow-origin") is None

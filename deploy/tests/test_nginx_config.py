"""deploy/nginx as shipped, run by Debian's nginx in front of a header-echoing upstream:
the exact headers and access rules nginx applies on the way to the bridge."""
import re

import pytest

from support import http
from support.certs import client_context, self_signed
from support.echo_upstream import EchoUpstream
from support.nginx import NGINX_DIR

UPGRADE = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
HOST = "realtime.ict.example.org"


@pytest.fixture(scope="module")
def proxied(module_stack, tmp_path_factory):
    echo = module_stack.add(EchoUpstream())
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    nginx = module_stack.nginx(echo.port, cert=cert, key=key)
    return echo, nginx, cert


def seen_by_upstream(reply):
    assert reply.status == 200, f"nginx answered {reply.status}: {reply.body[:300]!r}"
    return reply.json()


def test_websocket_upgrade_headers_reach_the_bridge_on_ws_and_root(proxied):
    _, nginx, _ = proxied
    for path in ("/ws?token=abc", "/"):
        seen = seen_by_upstream(http.get(nginx.http_port, path, headers=dict(UPGRADE, Host=HOST)))
        assert seen["path"] == path
        assert seen["headers"]["upgrade"] == "websocket"
        assert seen["headers"]["connection"].lower() == "upgrade"
        assert seen["headers"]["sec-websocket-key"] == UPGRADE["Sec-WebSocket-Key"]


def test_plain_requests_do_not_ask_for_an_upgrade(proxied):
    _, nginx, _ = proxied
    seen = seen_by_upstream(http.get(nginx.http_port, "/status", headers={"Host": HOST}))
    assert "upgrade" not in seen["headers"]
    assert seen["headers"].get("connection", "").lower() != "upgrade"


def test_client_address_host_and_scheme_are_forwarded(proxied):
    _, nginx, _ = proxied
    seen = seen_by_upstream(http.get(nginx.http_port, "/status", headers={
        "Host": HOST, "X-Forwarded-For": "203.0.113.7"}))
    assert seen["headers"]["x-forwarded-for"] == "203.0.113.7, 127.0.0.1"
    assert seen["headers"]["x-real-ip"] == "127.0.0.1"
    assert seen["headers"]["x-forwarded-proto"] == "http"
    assert seen["headers"]["host"] == HOST


def test_tls_server_terminates_and_says_https(proxied):
    _, nginx, cert = proxied
    reply = http.get(nginx.https_port, "/ws", headers=dict(UPGRADE, Host="127.0.0.1"),
                     ssl_context=client_context(cert))
    seen = seen_by_upstream(reply)
    assert seen["headers"]["x-forwarded-proto"] == "https"
    assert seen["headers"]["connection"].lower() == "upgrade"
    assert reply.header("strict-transport-security") is not None


@pytest.mark.parametrize("path", ["/broadcast", "/metrics"])
def test_trusted_endpoints_refuse_other_addresses(proxied, path):
    echo, nginx, _ = proxied
    before = len(echo.seen)
    # 127.0.0.2 is loopback too, but not on the allow list of ict-bridge-locations.conf.
    refused = http.request("POST" if path == "/broadcast" else "GET", "127.0.0.1", nginx.http_port,
                           path, body=b"{}", headers={"Content-Type": "application/json"},
                           source_address=("127.0.0.2", 0))
    assert refused.status == 403
    assert len(echo.seen) == before, "a refused request must not reach the bridge"
    allowed = http.request("POST" if path == "/broadcast" else "GET", "127.0.0.1", nginx.http_port,
                           path, body=b"{}", headers={"Content-Type": "application/json"})
    assert seen_by_upstream(allowed)["path"] == path


def test_dev_token_endpoint_is_never_published(proxied):
    echo, nginx, _ = proxied
    before = len(echo.seen)
    assert http.get(nginx.http_port, "/dev/token?user=1").status == 404
    assert len(echo.seen) == before


def _timeouts(text):
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"(proxy_\w+_timeout)\s+(\d+)s;", text)}


def test_timeouts_outlive_pings_and_long_polls():
    text = (NGINX_DIR / "ict-bridge-locations.conf").read_text()
    server_level = re.split(r"^location ", text, maxsplit=1, flags=re.M)[0]
    assert _timeouts(server_level)["proxy_read_timeout"] > 2 * 25  # ping every 25 s
    assert _timeouts(server_level)["proxy_send_timeout"] > 2 * 25
    messages = re.search(r"location = /messages \{(.*?)\}", text, re.S).group(1)
    assert _timeouts(messages)["proxy_read_timeout"] > 30  # wait ≤ 30 s (docs/protocol.md#http)
    assert "proxy_buffering off;" in messages

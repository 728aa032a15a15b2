"""The bridge as the deployments run it: not as root (the image's user 10001, the systemd unit's
DynamicUser). Found by the container suite: a socket option that only root (CAP_NET_ADMIN) may
set made every HTTP and WebSocket connection of a non-root bridge fail, while root passed."""
from support.tokens import mint
from support.ws import Session

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_bridge_without_privileges_serves_http_and_websockets(stack):
    redis = stack.redis()
    node = stack.bridge(redis.url, wrap=NOBODY)  # wait_ready: GET /ready answered 200
    session = Session(node.ws_url, token=mint(5))
    try:
        assert session.session_id
    finally:
        session.close()

"""nginx in front of two bridge nodes, with the multi-node lines of ict-bridge.conf switched on:
a client stays on one node (resume ids are per node), and when that node stops, nginx sends
the next connection to the other one."""
from support.bridge import event_envelope
from support.tokens import mint
from support.ws import Session

NODES = ("3101", "3202")


def node_of(session):
    return session.session_id.split(".")[0]


def test_a_client_stays_on_one_node_and_fails_over_when_it_stops(stack):
    redis = stack.redis()
    bridges = {node: stack.bridge(redis.url, node_id=node) for node in NODES}
    nginx = stack.nginx([bridges[node].port for node in NODES])
    url = f"ws://127.0.0.1:{nginx.http_port}/ws"

    sessions = [Session(url, token=mint(40 + n)) for n in range(4)]
    try:
        chosen = {node_of(s) for s in sessions}
        assert len(chosen) == 1, f"one client address went to several nodes: {chosen}"
        home = chosen.pop()
        redis.publish("ict.events", event_envelope("via nginx"))
        assert all(s.recv_event()["data"]["notification"]["title"] == "via nginx" for s in sessions)
    finally:
        for session in sessions:
            session.close()

    assert bridges[home].stop() == 0
    other = next(node for node in NODES if node != home)
    moved = Session(url, token=mint(49))
    try:
        assert node_of(moved) == other, "nginx did not fail over to the remaining node"
        redis.publish("ict.events", event_envelope("after failover"))
        assert moved.recv_event()["data"]["notification"]["title"] == "after failover"
    finally:
        moved.close()

"""Scale-out: two bridge processes on one Redis (README.md), each delivering to its own sessions,
with /status showing the node and the cluster totals."""
import json

import pytest
from websockets.exceptions import ConnectionClosed

from support.bridge import event_envelope
from support.tokens import mint
from support.wait import wait_until
from support.ws import Session

NODE_A, NODE_B = "1101", "2202"


@pytest.fixture
def cluster(stack):
    redis = stack.redis()
    node_a = stack.bridge(redis.url, node_id=NODE_A)
    node_b = stack.bridge(redis.url, node_id=NODE_B)
    sessions = []

    def connect(node, user, roles=()):
        session = Session(node.ws_url, token=mint(user, roles))
        sessions.append(session)
        return session

    yield redis, node_a, node_b, connect
    for session in sessions:
        session.close()


def title_of(session):
    return session.recv_event()["data"]["notification"]["title"]


def test_an_event_published_once_reaches_sessions_on_both_nodes(cluster):
    redis, node_a, node_b, connect = cluster
    on_a, also_a, on_b = connect(node_a, 1), connect(node_a, 2), connect(node_b, 3)
    assert redis.publish("ict.events", event_envelope("everyone")) == 2  # one subscription per node
    assert [title_of(s) for s in (on_a, also_a, on_b)] == ["everyone"] * 3


def test_session_ids_differ_across_nodes_and_carry_the_node_id(cluster):
    _, node_a, node_b, connect = cluster
    ids = [connect(node, user).session_id for node, user in
           ((node_a, 1), (node_a, 1), (node_b, 1), (node_b, 2))]
    assert len(set(ids)) == len(ids), ids
    assert [i.split(".")[0] for i in ids] == [NODE_A, NODE_A, NODE_B, NODE_B], ids


def test_to_others_excludes_only_the_sending_session_on_the_other_node(cluster):
    redis, node_a, node_b, connect = cluster
    on_a, sender_on_b, other_on_b = connect(node_a, 1), connect(node_b, 2), connect(node_b, 3)
    socket_id = sender_on_b.session_id
    laravel = {"event": "system_notification_created",
               "data": {"notification": {"id": 7, "title": "to others"}, "socket": socket_id},
               "socket": socket_id}
    assert redis.publish("ict.events", json.dumps(laravel)) == 2
    redis.publish("ict.events", event_envelope("after"))
    assert [title_of(on_a), title_of(on_a)] == ["to others", "after"]
    assert [title_of(other_on_b), title_of(other_on_b)] == ["to others", "after"]
    assert title_of(sender_on_b) == "after", "the session named in `socket` got its own event"


def test_status_shows_the_node_and_cluster_totals(cluster):
    _, node_a, node_b, connect = cluster
    connect(node_a, 1)
    connect(node_a, 2)
    connect(node_b, 2)
    assert str(node_a.status()["node"]) == NODE_A
    assert str(node_b.status()["node"]) == NODE_B

    seen = {}
    expected = {"nodes": 2, "connections": 3, "users": 2}

    def totals_seen_by_both():
        for node in (node_a, node_b):
            seen[node.node_id] = node.status().get("cluster")
        return all(c and {k: c.get(k) for k in expected} == expected for c in seen.values())
    wait_until(totals_seen_by_both, 20, f"/status cluster to read {expected} on both nodes",
               last_seen=lambda: seen)


def test_stopping_one_node_leaves_the_other_serving(cluster):
    redis, node_a, node_b, connect = cluster
    on_a, on_b = connect(node_a, 1), connect(node_b, 2)
    assert node_b.stop() == 0, f"node B did not exit cleanly:\n{node_b.process.log()[-2000:]}"
    with pytest.raises(ConnectionClosed) as closed:
        for _ in range(20):  # anything still queued, then the close frame
            on_b.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4200, closed.value
    assert redis.publish("ict.events", event_envelope("still here")) == 1
    assert title_of(on_a) == "still here"
    assert str(node_a.status()["node"]) == NODE_A
    seen = {}

    def one_node_left():
        seen["cluster"] = node_a.status().get("cluster")
        return (seen["cluster"] or {}).get("nodes") == 1
    wait_until(one_node_left, 45, "node A's /status cluster.nodes to drop to 1 after node B stopped",
               last_seen=lambda: seen)


def test_a_node_that_dies_without_cleaning_up_drops_out_of_the_totals(cluster):
    _, node_a, node_b, connect = cluster
    connect(node_b, 4)
    wait_until(lambda: (node_a.status().get("cluster") or {}).get("nodes") == 2, 20,
               "node A to see node B in the cluster totals")
    node_b.process.popen.kill()  # SIGKILL: its Redis key is left to expire
    node_b.process.popen.wait(timeout=5)
    seen = {}

    def one_node_left():
        seen["cluster"] = node_a.status().get("cluster")
        return (seen["cluster"] or {}).get("nodes") == 1
    wait_until(one_node_left, 40, "the killed node to drop out of node A's cluster totals",
               last_seen=lambda: seen)

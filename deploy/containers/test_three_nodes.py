"""The compose "cluster" profile: three bridge nodes on one Redis behind nginx (the shipped
locations, round robin, no sticky sessions). A client whose node stops gets 4200, reconnects
through nginx to another node and resumes from its last id without a gap: the missed events
arrive in order, with the ids a session on another node saw."""
import time

import pytest
from websockets.exceptions import ConnectionClosed

from conftest import Compose, Session, dev_token, http_get, podman, record, wait_until

PROJECT = "ictbridgecluster"
NODES = {"1": "bridge", "2": "bridge-2", "3": "bridge-3"}


@pytest.fixture(scope="module")
def cluster(image):
    compose = Compose(PROJECT, profiles=["cluster"])
    compose.down()
    started = time.monotonic()
    try:
        compose.up()

        def all_nodes_answer():
            # Round robin over three nodes: nine answers in a row cover each node three times.
            return all(http_get(compose.cluster_port, "/ready", timeout=2)[0] == 200 for _ in range(9))
        wait_until("nginx and the three nodes to answer /ready", all_nodes_answer, 90, interval=0.5)
        record("cluster_up_to_ready_seconds", round(time.monotonic() - started, 1))
        yield compose
    finally:
        for service in ("bridge", "bridge-2", "bridge-3", "nginx"):
            try:
                print(f"--- logs of {service} ---\n{compose.logs(service)[-3000:]}")
            except AssertionError:
                pass
        compose.down()


def node_of(session):
    return session.session_id.split(".")[0]


def connect(cluster, last_id=None, timeout=20):
    """A session through nginx (first connections may wait out nginx's 5 s connect timeout to a
    stopped node before it moves on to the next)."""
    query = f"?token={dev_token(11)}" + (f"&last_id={last_id}" if last_id else "")
    return Session(f"ws://127.0.0.1:{cluster.cluster_port}/ws{query}", timeout=timeout)


def sessions_on_every_node(cluster):
    """Connections through nginx until one session sits on each of the three nodes."""
    by_node, extra = {}, []
    for _ in range(12):
        session = connect(cluster)
        node = node_of(session)
        if node in by_node:
            extra.append(session)
        else:
            by_node[node] = session
        if len(by_node) == 3:
            break
    for session in extra:
        session.close()
    assert set(by_node) == set(NODES), f"nginx spread the sessions over nodes {sorted(by_node)} only"
    return by_node


def events(session, count, timeout=10):
    return [session.recv_event(timeout) for _ in range(count)]


def test_a_client_reconnects_through_nginx_to_another_node_and_resumes_without_a_gap(cluster):
    sessions = sessions_on_every_node(cluster)
    try:
        before = [cluster.publish(f"before {n}", 100 + n) for n in range(3)]
        assert all(receivers >= 1 for receivers in before)
        seen = {node: events(session, 3) for node, session in sessions.items()}
        ids = [frame["id"] for frame in seen["1"]]
        for node, frames in seen.items():
            assert [frame["id"] for frame in frames] == ids, f"node {node} gave other ids"
        client, witness = sessions["1"], sessions["2"]

        # Node 1 stops: its sessions are told 4200 ("reconnect at once and resume").
        started = time.monotonic()
        podman("stop", "-t", "10", cluster.container(NODES["1"]), timeout=60)
        assert time.monotonic() - started < 5
        code = None
        try:
            while True:
                client.recv(timeout=5)
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
        assert code == 4200, f"node 1 closed its session with {code}"
        client.close()

        # What the client misses while it is away.
        for n in range(4):
            cluster.publish(f"missed {n}", 200 + n)
        missed = events(witness, 4)
        assert [frame["data"]["notification"]["title"] for frame in missed] == [f"missed {n}" for n in range(4)]

        resumed = connect(cluster, last_id=ids[-1])
        try:
            assert node_of(resumed) in {"2", "3"}, resumed.session_id
            replay = events(resumed, 4)
            assert [frame["id"] for frame in replay] == [frame["id"] for frame in missed], "a gap or a different id"
            assert [frame["data"] for frame in replay] == [frame["data"] for frame in missed]
            done = resumed.recv(10)
            assert done.get("type") == "bridge:resumed" and done.get("missed") == 4, done
            # And it goes on receiving live events from the log on its new node.
            cluster.publish("after", 300)
            assert resumed.recv_event(10)["data"]["notification"]["title"] == "after"
        finally:
            resumed.close()
    finally:
        for session in sessions.values():
            session.close()


def test_nginx_keeps_the_operator_pages_and_the_dev_token_closed(cluster):
    assert http_get(cluster.cluster_port, "/dev/token?user=1")[0] == 404
    # The host reaches nginx through the container network's gateway, not loopback.
    assert http_get(cluster.cluster_port, "/status")[0] == 403

"""`podman-compose up` of the unchanged docker-compose.yml, with no variables set (a clean
checkout): Redis and the bridge in development mode, reached from the host on 127.0.0.1 only,
the demo page in headless Chromium showing a toast for an event published from the host, the
health check, the non-root user, and `podman stop` ending the bridge within 5 s with 4200."""
import json
import time

import pytest
from websockets.exceptions import ConnectionClosed

from conftest import Compose, Session, dev_token, http_get, podman, record, wait_until

PROJECT = "ictbridgect"


@pytest.fixture(scope="module")
def stack(image):
    compose = Compose(PROJECT)
    compose.down()  # leftovers of an interrupted run
    started = time.monotonic()
    try:
        compose.up()
        last = [None]

        def ready():
            last[0] = http_get(compose.bridge_port, "/ready", timeout=2)
            return last[0][0] == 200
        try:
            wait_until("/ready on the published bridge port", ready, 60)
        except AssertionError as error:
            raise AssertionError(f"{error}; the last answer: {last[0]}") from None
        record("compose_up_to_ready_seconds", round(time.monotonic() - started, 1))
        yield compose
    finally:
        for service in ("bridge", "redis"):
            try:
                print(f"--- logs of {service} ---\n{compose.logs(service)[-4000:]}")
            except AssertionError:
                pass
        compose.down()


def test_the_bridge_runs_in_development_mode_without_a_secret(stack):
    logs = stack.logs("bridge")
    assert "DEVELOPMENT MODE on 0.0.0.0" in logs, logs[-2000:]
    status, body = http_get(stack.bridge_port, "/dev/token?user=5")
    assert status == 200 and json.loads(body)["token"].count(".") == 2, (status, body[:200])


def test_nothing_empty_is_passed_as_set(stack):
    env = dict(item.split("=", 1) for item in stack.inspect("bridge")["Config"]["Env"])
    assert "BRIDGE_BROADCAST_TOKEN" not in env, "an unset BRIDGE_BROADCAST_TOKEN reached the container"
    assert "BRIDGE_SECRET" not in env, "an unset BRIDGE_SECRET reached the container"
    assert env["WEBSOCKET_HOST"] == "0.0.0.0" and env["BRIDGE_NODE_ID"] == "1"


def test_ports_are_published_on_loopback_only(stack):
    for service in ("bridge", "redis"):
        bindings = stack.inspect(service)["HostConfig"]["PortBindings"]
        assert bindings, f"{service} publishes nothing"
        for container_port, hosts in bindings.items():
            for host in hosts:
                assert host["HostIp"] == "127.0.0.1", f"{service} {container_port} published on {host}"


def test_the_bridge_runs_as_a_non_root_user(stack):
    info = stack.inspect("bridge")
    assert info["Config"]["User"] == "bridge:bridge"
    pid = info["State"]["Pid"]
    uid = open(f"/proc/{pid}/status").read().split("Uid:")[1].split()[0]
    assert uid == "10001", f"the bridge process runs as uid {uid}"
    assert podman("exec", stack.container("bridge"), "id", "-u").stdout.strip() == "10001"


def test_the_health_checks_turn_healthy(stack):
    for service in ("redis", "bridge"):
        cid = stack.container(service)
        wait_until(f"{service} to be healthy",
                   lambda: podman("inspect", "--format", "{{.State.Health.Status}}", cid).stdout.strip() == "healthy", 60)


def test_the_demo_page_shows_a_toast_for_an_event_published_from_the_host(stack, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"http://127.0.0.1:{stack.bridge_port}/demo?user=5&roles=")
    wait_until("the demo page's LiveUpdates to connect over WebSocket",
               lambda: browser.execute_script("return window.live && window.live.transport") == "websocket", 20)
    title = "Плановые работы в контейнере"
    stack.publish(title, 4242)

    def toast():
        return [t.text for t in browser.find_elements(By.CSS_SELECTOR, ".lu-toast") if title in t.text]
    texts = wait_until("the toast", toast, 10)
    assert title in texts[0]
    browser.save_screenshot(str(stack_artifact("demo-toast.png")))


def stack_artifact(name):
    from conftest import ARTIFACTS
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def test_podman_stop_ends_the_bridge_within_5_s_with_4200(stack):
    session = Session(f"ws://127.0.0.1:{stack.bridge_port}/ws", token=dev_token(7))
    try:
        cid = stack.container("bridge")
        started = time.monotonic()
        # stop_grace_period is 10 s: a stop under 5 s is the bridge leaving by itself on SIGTERM.
        podman("stop", "-t", "10", cid, timeout=60)
        elapsed = time.monotonic() - started
        record("podman_stop_seconds", round(elapsed, 2))
        code = None
        try:
            while True:
                session.recv(timeout=5)
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
        assert code == 4200, f"the session was closed with {code}, not 4200"
        assert elapsed < 5, f"podman stop took {elapsed:.1f} s"
        state = stack.inspect("bridge")["State"]
        assert state["ExitCode"] == 0 and not state.get("OOMKilled"), state
    finally:
        session.close()

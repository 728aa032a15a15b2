"""docker-compose.yml, validated offline with docker-compose v1 (no Docker engine here), and its
bridge environment and health check run for real against the bridge binary and redis-server."""
import re
import subprocess

import pytest

from support import http
from support.bridge import Bridge
from support.compose import COMPOSE_FILE, compose, resolved
from support.tokens import SECRET, mint
from support.wait import wait_until
from support.ws import Session

ENV = {"BRIDGE_SECRET": SECRET}


@pytest.fixture
def env_file(tmp_path):
    path = tmp_path / "empty.env"
    path.write_text("")
    return path


def test_config_is_valid(env_file):
    result = compose(["config", "-q"], ENV, env_file)
    assert result.returncode == 0, result.stderr


def test_config_is_valid_with_the_scale_profile(env_file):
    result = compose(["--profile", "scale", "config", "-q"], ENV, env_file)
    assert result.returncode == 0, result.stderr


def test_the_secret_is_required_and_never_in_the_file(env_file):
    result = compose(["config", "-q"], {}, env_file)
    assert result.returncode != 0
    assert "BRIDGE_SECRET" in result.stderr
    text = COMPOSE_FILE.read_text()
    assert re.search(r"BRIDGE_SECRET:\s*\$\{BRIDGE_SECRET:\?", text), "BRIDGE_SECRET must come from env/.env"


def test_the_secret_can_come_from_an_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"BRIDGE_SECRET={SECRET}\n")
    config = resolved({}, env_file)
    assert config["services"]["bridge"]["environment"]["BRIDGE_SECRET"] == SECRET


def test_services_and_the_second_replica_profile(env_file):
    default = compose(["config", "--services"], ENV, env_file)
    scaled = compose(["--profile", "scale", "config", "--services"], ENV, env_file)
    assert default.returncode == 0 and scaled.returncode == 0, default.stderr + scaled.stderr
    assert set(scaled.stdout.split()) == {"redis", "bridge", "bridge-2"}
    config = resolved(ENV, env_file, profiles=["scale"])
    assert config["services"]["bridge-2"]["profiles"] == ["scale"]


def test_bridges_share_redis_wait_for_it_and_publish_loopback_ports(env_file):
    services = resolved(ENV, env_file, profiles=["scale"])["services"]
    host_ports = set()
    for name in ("bridge", "bridge-2"):
        service = services[name]
        assert service["build"]["dockerfile"] == "Dockerfile"
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["environment"]["WEBSOCKET_HOST"] == "0.0.0.0"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "/ready" in " ".join(service["healthcheck"]["test"])
        assert service["ulimits"]["nofile"]["soft"] >= 10000
        for port in service["ports"]:
            published = port if isinstance(port, str) else f"{port['host_ip']}:{port['published']}"
            assert published.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
            host_ports.add(published.split(":")[1])
    assert len(host_ports) == 2, "the two bridges need different host ports"
    assert services["bridge"]["environment"]["BRIDGE_NODE_ID"] != services["bridge-2"]["environment"]["BRIDGE_NODE_ID"]


def bridge_env(service, redis_url):
    """The container environment of a compose service, moved onto this host's loopback."""
    env = {key: value for key, value in service["environment"].items() if value is not None}
    env.update({"WEBSOCKET_HOST": "127.0.0.1", "REDIS_URL": redis_url})
    env.pop("WEBSOCKET_PORT")
    return env


def healthcheck_script(service, port):
    test = service["healthcheck"]["test"]
    assert test[:3] == ["CMD", "bash", "-c"], test
    assert test[3].count("/8080") == 1, "the health check should ask the container port 8080"
    return test[3].replace("/8080", f"/{port}")


def run_check(script, env=None):
    return subprocess.run(["bash", "-c", script], env=env, capture_output=True, timeout=10).returncode


def test_compose_environment_starts_both_bridges_and_health_checks_follow_ready(stack, env_file):
    services = resolved(ENV, env_file, profiles=["scale"])["services"]
    redis = stack.redis()
    nodes = []
    for name in ("bridge", "bridge-2"):
        env = bridge_env(services[name], redis.url)
        nodes.append(stack.add(Bridge(stack.workdir, redis.url, env=env)).wait_ready())
    sessions = [Session(node.ws_url, token=mint(3)) for node in nodes]
    try:
        assert sessions[0].session_id != sessions[1].session_id
    finally:
        for session in sessions:
            session.close()
    for name, node in zip(("bridge", "bridge-2"), nodes):
        assert str(node.status()["node"]) == services[name]["environment"]["BRIDGE_NODE_ID"]
        assert run_check(healthcheck_script(services[name], node.port)) == 0
    redis.stop()
    probe = healthcheck_script(services["bridge"], nodes[0].port)
    wait_until(lambda: http.get(nodes[0].port, "/ready", timeout=2).status == 503, 15,
               "/ready to answer 503 after Redis stopped")
    assert run_check(probe) != 0, "the health check passed while /ready said 503"

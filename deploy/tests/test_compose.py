"""docker-compose.yml, validated offline with docker-compose v1 (no Docker engine here), and its
bridge environment and health check run for real against the bridge binary and redis-server."""
import re
import subprocess

import pytest

from support import http
from support.bridge import Bridge
from support.bridge import REPO
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


NODES = ("bridge", "bridge-2", "bridge-3")


def test_config_is_valid(env_file):
    result = compose(["config", "-q"], ENV, env_file)
    assert result.returncode == 0, result.stderr


def test_config_is_valid_with_no_variable_at_all(env_file):
    """A clean checkout has no .env: compose must start (development mode), not stop on a secret."""
    for profiles in ([], ["--profile", "cluster"]):
        result = compose(profiles + ["config", "-q"], {}, env_file)
        assert result.returncode == 0, result.stderr


def test_config_is_valid_with_the_cluster_profile(env_file):
    result = compose(["--profile", "cluster", "config", "-q"], ENV, env_file)
    assert result.returncode == 0, result.stderr


def test_the_secret_and_the_broadcast_token_are_passed_on_only_when_set(env_file, tmp_path):
    text = COMPOSE_FILE.read_text()
    assert re.search(r"^\s+BRIDGE_SECRET:\s*$", text, re.M), "BRIDGE_SECRET must be passed on from env/.env, no default"
    assert re.search(r"^\s+BRIDGE_BROADCAST_TOKEN:\s*$", text, re.M)
    unset = resolved({}, env_file)["services"]["bridge"]["environment"]
    assert unset.get("BRIDGE_SECRET") is None and unset.get("BRIDGE_BROADCAST_TOKEN") is None, unset
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"BRIDGE_SECRET={SECRET}\nBRIDGE_BROADCAST_TOKEN=t0123456789abcdef\n")
    values = resolved({}, dotenv)["services"]["bridge"]["environment"]
    assert values["BRIDGE_SECRET"] == SECRET and values["BRIDGE_BROADCAST_TOKEN"] == "t0123456789abcdef"


def test_the_bridges_run_development_mode_unless_a_secret_is_set(env_file):
    services = resolved({}, env_file, profiles=["cluster"])["services"]
    for name in NODES:
        assert services[name]["command"] == ["serve", "--dev-unless-secret"], services[name].get("command")


def test_no_comment_cites_a_document_users_do_not_have():
    assert "SPEC" not in COMPOSE_FILE.read_text()


def test_services_and_the_cluster_profile(env_file):
    default = compose(["config", "--services"], ENV, env_file)
    cluster = compose(["--profile", "cluster", "config", "--services"], ENV, env_file)
    assert default.returncode == 0 and cluster.returncode == 0, default.stderr + cluster.stderr
    # docker-compose v1 lists profiled services too; the profiles below keep them out of `up`.
    assert set(cluster.stdout.split()) == {"redis", "bridge", "bridge-2", "bridge-3", "nginx"}
    config = resolved(ENV, env_file, profiles=["cluster"])
    for name in ("bridge-2", "bridge-3", "nginx"):
        assert config["services"][name]["profiles"] == ["cluster"]
    assert "profiles" not in config["services"]["bridge"] and "profiles" not in config["services"]["redis"]


def test_bridges_share_redis_and_publish_loopback_ports_only(env_file):
    services = resolved(ENV, env_file, profiles=["cluster"])["services"]
    for name in NODES:
        service = services[name]
        assert service["build"]["dockerfile"] == "Dockerfile"
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["environment"]["WEBSOCKET_HOST"] == "0.0.0.0"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "/ready" in " ".join(service["healthcheck"]["test"])
        assert service["ulimits"]["nofile"]["soft"] >= 10000
    host_ports = set()
    for name, service in services.items():
        for port in service.get("ports", []):
            published = port if isinstance(port, str) else f"{port['host_ip']}:{port['published']}"
            assert published.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
            host_ports.add(published.split(":")[1])
    assert len(host_ports) == 3, "redis, bridge and nginx need different host ports"
    ids = {services[name]["environment"]["BRIDGE_NODE_ID"] for name in NODES}
    assert len(ids) == 3, "every node needs its own BRIDGE_NODE_ID"


def test_nginx_fronts_the_three_nodes_with_the_shipped_locations(env_file):
    nginx = resolved(ENV, env_file, profiles=["cluster"])["services"]["nginx"]
    mounts = [v if isinstance(v, str) else f"{v['source']}:{v['target']}" for v in nginx["volumes"]]
    sources = [m.split(":")[0] for m in mounts]
    for source in sources:
        assert (REPO / source).is_file() or __import__("os").path.isfile(source), f"{source} is missing"
    assert any(m.endswith(":/etc/nginx/snippets/ict-bridge-locations.conf") or ":/etc/nginx/snippets/ict-bridge-locations.conf:" in m
               for m in mounts), mounts
    conf = (REPO / "deploy" / "nginx" / "compose-cluster.conf").read_text()
    for name in NODES:
        assert f"server {name}:8080" in conf
    assert set(nginx["depends_on"]) == set(NODES)


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


def test_compose_environment_starts_the_three_nodes_and_health_checks_follow_ready(stack, env_file):
    services = resolved(ENV, env_file, profiles=["cluster"])["services"]
    redis = stack.redis()
    nodes = []
    for name in NODES:
        env = bridge_env(services[name], redis.url)
        nodes.append(stack.add(Bridge(stack.workdir, redis.url, env=env, argv=services[name]["command"])).wait_ready())
    sessions = [Session(node.ws_url, token=mint(3)) for node in nodes]
    try:
        assert len({session.session_id for session in sessions}) == 3
    finally:
        for session in sessions:
            session.close()
    for name, node in zip(NODES, nodes):
        assert str(node.status()["node"]) == services[name]["environment"]["BRIDGE_NODE_ID"]
        assert http.get(node.port, "/dev/token?user=1").status == 404, "a set BRIDGE_SECRET means normal mode"
        assert run_check(healthcheck_script(services[name], node.port)) == 0
    redis.stop()
    probe = healthcheck_script(services["bridge"], nodes[0].port)
    wait_until(lambda: http.get(nodes[0].port, "/ready", timeout=2).status == 503, 15,
               "/ready to answer 503 after Redis stopped")
    assert run_check(probe) != 0, "the health check passed while /ready said 503"


# `bridge serve --dev-unless-secret`, the compose command (Sources/bridge/Serve.swift).

def test_without_a_secret_the_compose_command_runs_development_mode_on_the_given_address(stack):
    redis = stack.redis()
    # An empty BRIDGE_SECRET counts as unset; WEBSOCKET_HOST=0.0.0.0 as the image sets it.
    node = stack.bridge(redis.url, env={"BRIDGE_SECRET": "", "WEBSOCKET_HOST": "0.0.0.0"},
                        argv=["serve", "--dev-unless-secret"])
    reply = http.get(node.port, "/dev/token?user=5")
    assert reply.status == 200, reply.status
    log = (stack.workdir / f"bridge-{node.port}.log").read_text()
    assert "DEVELOPMENT MODE on 0.0.0.0 (WEBSOCKET_HOST)" in log and "publish it on 127.0.0.1 only" in log, log[-1500:]
    Session(node.ws_url, token=reply.json()["token"]).close()


def test_without_a_secret_or_an_address_development_mode_stays_on_loopback(stack):
    redis = stack.redis()
    node = stack.bridge(redis.url, env={"BRIDGE_SECRET": "", "WEBSOCKET_HOST": "127.0.0.1"},
                        argv=["serve", "--dev-unless-secret"])
    assert http.get(node.port, "/dev/token?user=5").status == 200
    log = (stack.workdir / f"bridge-{node.port}.log").read_text()
    assert "DEVELOPMENT MODE: loopback only" in log, log[-1500:]


def test_with_a_secret_the_compose_command_runs_normal_mode(stack):
    redis = stack.redis()
    node = stack.bridge(redis.url, env={"WEBSOCKET_HOST": "0.0.0.0"}, argv=["serve", "--dev-unless-secret"])
    assert http.get(node.port, "/dev/token?user=5").status == 404
    Session(node.ws_url, token=mint(5)).close()
    assert "DEVELOPMENT MODE" not in (stack.workdir / f"bridge-{node.port}.log").read_text()


def test_dev_mode_never_exposes_a_real_secret(tmp_path):
    from support.bridge import bridge_bin, clean_env
    env = clean_env({"WEBSOCKET_HOST": "0.0.0.0", "BRIDGE_SECRET": SECRET})
    result = subprocess.run([str(bridge_bin()), "serve", "--dev"], env=env, capture_output=True, text=True, timeout=20)
    assert result.returncode == 2 and "WEBSOCKET_HOST" in result.stderr, (result.returncode, result.stderr)

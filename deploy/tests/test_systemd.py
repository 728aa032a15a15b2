"""deploy/systemd: the unit is verified by systemd-analyze (with paths moved to this checkout),
its settings are checked, and ExecStart runs for real with the example EnvironmentFile."""
import configparser
import shlex
import shutil
import subprocess
import time

import pytest

from support.bridge import REPO, Bridge, bridge_bin
from support.ports import free_port
from support.tokens import SECRET

SYSTEMD = REPO / "deploy" / "systemd"
UNIT = (SYSTEMD / "ict-bridge.service").read_text()
ENV_EXAMPLE = SYSTEMD / "bridge.env.example"


def service_section():
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(UNIT)
    return parser["Service"]


def environment_file(path):
    """KEY=VALUE lines as systemd reads them (comments with # or ;, optional quotes)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_every_directive(tmp_path):
    unit = tmp_path / "ict-bridge.service"
    text = UNIT.replace("/opt/ict-bridge/bridge", str(bridge_bin()))
    text = text.replace("/etc/ict-bridge/bridge.env", str(ENV_EXAMPLE))
    unit.write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True, timeout=60)
    own = [line for line in (result.stdout + result.stderr).splitlines() if "ict-bridge" in line]
    assert result.returncode == 0 and not own, "\n".join(own) or result.stderr


def test_unit_settings():
    service = service_section()
    assert service["EnvironmentFile"] == "/etc/ict-bridge/bridge.env"
    assert shlex.split(service["ExecStart"]) == ["/opt/ict-bridge/bridge", "serve"]
    assert int(service["LimitNOFILE"]) >= 20000
    assert service["Restart"] in ("on-failure", "always")
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"].rstrip("s")) > 5  # the bridge needs up to 5 s
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "DynamicUser": "yes"}.items():
        assert service.get(key) == value, f"{key}={service.get(key)}"
    assert service["CapabilityBoundingSet"] == ""


def test_the_example_environment_refuses_to_start_without_a_secret(stack):
    redis = stack.redis()
    env = environment_file(ENV_EXAMPLE)
    assert env["BRIDGE_SECRET"] == "", "the example must not ship a usable secret"
    env.update({"WEBSOCKET_PORT": free_port(), "REDIS_URL": redis.url})
    node = stack.add(Bridge(stack.workdir, redis.url, env=env))
    deadline = time.monotonic() + 10
    while node.process.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not node.process.alive(), "the bridge started without BRIDGE_SECRET"
    assert node.process.popen.returncode != 0
    assert "BRIDGE_SECRET" in node.process.log()


def test_exec_start_with_the_example_environment_serves(stack):
    redis = stack.redis()
    env = environment_file(ENV_EXAMPLE)
    env.update({"WEBSOCKET_PORT": free_port(), "REDIS_URL": redis.url, "BRIDGE_SECRET": SECRET})
    argv = shlex.split(service_section()["ExecStart"])[1:]
    node = stack.add(Bridge(stack.workdir, redis.url, env=env, argv=argv))
    node.wait_ready()
    assert node.status()["status"]

"""The container suite: the project's Dockerfile built by podman, docker-compose.yml run by
podman-compose, reached from the host as a user reaches it. Everything it starts carries the
compose project names below and is removed after the tests, whatever happens."""
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "deploy" / "tests"))  # support.ws and support.tokens, shared

from support.tokens import mint  # noqa: E402
from support.ws import Session  # noqa: E402

PODMAN = ["podman", "--log-level=error"]
COMPOSE = [str(HERE / ".venv-containers" / "bin" / "podman-compose"), "-f", str(REPO / "docker-compose.yml")]
IMAGE = "ict-bridge:dev"  # the compose file's image name
DEV_SECRET = "ict-bridge-development-secret-000"  # BridgeConfiguration.developmentSecret
FIGURES = Path(os.environ.get("ICT_CONTAINERS_FIGURES") or "/dev/null")
ARTIFACTS = Path(os.environ.get("ICT_CONTAINERS_ARTIFACTS") or "/tmp/ict-bridge-containers-artifacts")


def record(name, value):
    """Figures for docs/deploy.md, printed at the end of the run (run.sh) and kept in a file."""
    if str(FIGURES) != "/dev/null":
        text = FIGURES.read_text() if FIGURES.exists() else ""
        figures = json.loads(text) if text.strip() else {}
        figures[name] = value
        FIGURES.write_text(json.dumps(figures, sort_keys=True))
    print(f"FIGURE {name} = {value}", file=sys.stderr)


def run(argv, timeout=120, check=True, env=None, **kwargs):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def podman(*args, **kwargs):
    return run(PODMAN + list(args), **kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path, timeout=3):
    """(status, body) of GET http://127.0.0.1:port/path; (None, error) when nothing answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as reply:
            return reply.status, reply.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except (OSError, urllib.error.URLError) as error:
        return None, str(error)


def wait_until(what, predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def envelope(title, notification_id):
    """An untargeted system notification: every session receives it (docs/protocol.md)."""
    return json.dumps({"type": "system_notification_created",
                       "data": {"notification": {"id": notification_id, "title": title}}}, ensure_ascii=False)


class HealthTicker:
    """Runs each container's health check every few seconds with `podman healthcheck run`.

    Docker's daemon runs health checks itself; Podman schedules them with systemd timers, and
    without systemd as PID 1 (these machines, most CI containers) nothing runs them. The check
    run is the one the image and the compose file define; only the scheduler is ours."""

    def __init__(self, project, interval=2.0):
        self.project, self.interval = project, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.wait(self.interval):
            ids = podman("ps", "-q", "--filter", f"label=io.podman.compose.project={self.project}",
                         check=False, timeout=20).stdout.split()
            for cid in ids:
                podman("healthcheck", "run", cid, check=False, timeout=20)

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=30)


class Compose:
    """One compose project (its own name, network, host ports) of docker-compose.yml."""

    def __init__(self, project, profiles=()):
        self.project = project
        self.profiles = list(profiles)
        self.redis_port, self.bridge_port, self.cluster_port = free_port(), free_port(), free_port()
        # Nothing of the caller's BRIDGE_* reaches compose: a clean checkout's user has none set.
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("BRIDGE_", "WEBSOCKET_", "REDIS_"))}
        self.env.update(REDIS_HOST_PORT=str(self.redis_port), BRIDGE_HOST_PORT=str(self.bridge_port),
                        BRIDGE_CLUSTER_HOST_PORT=str(self.cluster_port))
        self.ticker = None

    def compose(self, *args, timeout=300, check=True):
        argv = COMPOSE[:1] + ["-p", self.project] + COMPOSE[1:]
        for profile in self.profiles:
            argv += ["--profile", profile]
        return run(argv + list(args), timeout=timeout, check=check, env=self.env, cwd=REPO)

    def up(self):
        self.ticker = HealthTicker(self.project)
        return self.compose("up", "-d")

    def container(self, service):
        """The container id of a service (podman-compose names them <project>_<service>_1)."""
        ids = podman("ps", "-aq", "--filter", f"label=io.podman.compose.project={self.project}",
                     "--filter", f"label=com.docker.compose.service={service}").stdout.split()
        assert len(ids) == 1, f"expected one container for {service}, got {ids}"
        return ids[0]

    def inspect(self, service):
        return json.loads(podman("inspect", self.container(service)).stdout)[0]

    def logs(self, service):
        result = podman("logs", self.container(service), check=False)
        return result.stdout + result.stderr

    def redis_cli(self, *args):
        return run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.redis_port)] + list(args), timeout=10)

    def publish(self, title, notification_id, channel="ict.events"):
        receivers = int(self.redis_cli("PUBLISH", channel, envelope(title, notification_id)).stdout.strip() or 0)
        assert receivers >= 1, "no bridge is subscribed to Redis"
        return receivers

    def down(self):
        if self.ticker:
            self.ticker.stop()
        try:
            self.compose("down", "-t", "10", timeout=180, check=False)
        finally:
            remove_project(self.project)


def remove_project(project):
    """Whatever is left of a project: containers, then its network."""
    ids = podman("ps", "-aq", "--filter", f"label=io.podman.compose.project={project}", check=False).stdout.split()
    if ids:
        podman("rm", "-f", "-t", "0", *ids, check=False, timeout=120)
    networks = podman("network", "ls", "-q", "--filter", f"label=io.podman.compose.project={project}",
                      check=False).stdout.split()
    for network in networks:
        podman("network", "rm", "-f", network, check=False)


@pytest.fixture(scope="session")
def image():
    """The image docker-compose.yml names, built from the project's Dockerfile as compose builds it
    (`podman-compose build bridge`), timed: a warm build cache makes this seconds."""
    started = time.monotonic()
    result = run(COMPOSE + ["-p", "ictbridgebuild", "build", "bridge"], timeout=3600, cwd=REPO)
    elapsed = round(time.monotonic() - started, 1)
    record("build_seconds", elapsed)
    lines = result.stdout.splitlines()
    steps = [i for i, line in enumerate(lines) if "STEP " in line and "swift build" in line]
    record("build_compiled", not (steps and any("Using cache" in line for line in lines[steps[-1] + 1:steps[-1] + 3])))
    info = json.loads(podman("image", "inspect", IMAGE).stdout)[0]
    record("image_mib", round(info["Size"] / 2**20, 1))
    return info


@pytest.fixture
def browser():
    """Debian's headless Chromium driven by selenium, as Tests/browser drives it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=ru-RU"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")),
                              options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        try:
            for entry in driver.get_log("browser"):
                print(f"[browser] {entry['level']} {entry['message']}")
        finally:
            driver.quit()


def dev_token(user, roles=()):
    return mint(user, roles, secret=DEV_SECRET)


__all__ = ["Compose", "Session", "dev_token", "envelope", "http_get", "podman", "record", "run", "wait_until"]

"""The real bridge binary (BRIDGE_BIN) on a free loopback port, configured by environment."""
import json
import os
from pathlib import Path

from . import http
from .ports import free_port
from .process import Process
from .tokens import SECRET
from .wait import wait_until

REPO = Path(__file__).resolve().parents[3]


def bridge_bin():
    path = Path(os.environ.get("BRIDGE_BIN") or REPO / ".build/debug/bridge")
    if not path.is_file() or not os.access(path, os.X_OK):
        raise AssertionError(f"bridge binary not found at {path}: set BRIDGE_BIN to an absolute path")
    return path


def clean_env(extra):
    """Only what the bridge needs, so nothing from the caller's BRIDGE_* leaks into a test."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TZ") if key in os.environ}
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Bridge:
    def __init__(self, workdir, redis_url, node_id=None, channels="ict.events", env=None,
                 argv=None, binary=None, cwd=None, wrap=None):
        self.port = free_port()
        self.node_id = node_id
        settings = {
            "WEBSOCKET_HOST": "127.0.0.1",
            "WEBSOCKET_PORT": self.port,
            "REDIS_URL": redis_url,
            "BRIDGE_SECRET": SECRET,
            "BRIDGE_CHANNELS": channels,
        }
        if node_id is not None:
            settings["BRIDGE_NODE_ID"] = node_id
        settings.update(env or {})
        self.port = int(settings["WEBSOCKET_PORT"])
        self.env = clean_env(settings)
        command = list(wrap or []) + [str(binary or bridge_bin())] + (argv or ["serve"])
        self.process = Process(f"bridge:{self.port}", command,
                               Path(workdir) / f"bridge-{self.port}.log", env=self.env, cwd=cwd)

    def wait_ready(self, timeout=20):
        def ready():
            self.process.ensure_alive()
            return http.get(self.port, "/ready", timeout=2).status == 200
        wait_until(ready, timeout, f"bridge on port {self.port} to answer /ready with 200")
        return self

    @property
    def ws_url(self):
        return f"ws://127.0.0.1:{self.port}/ws"

    def status(self):
        reply = http.get(self.port, "/status")
        assert reply.status == 200, f"/status answered {reply.status}: {reply.body[:300]!r}"
        return reply.json()

    def stop(self):
        return self.process.stop()


def event_envelope(title, notification_id=1, **extra):
    """A listener envelope every session receives: an untargeted system notification (docs/protocol.md#who-receives-what)."""
    envelope = {"type": "system_notification_created",
                "data": {"notification": {"id": notification_id, "title": title}}}
    envelope.update(extra)
    return json.dumps(envelope)

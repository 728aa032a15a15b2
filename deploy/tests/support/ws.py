"""WebSocket sessions with the `websockets` package (sync client), every read bounded."""
import json
import re
import time
from contextlib import ExitStack

from websockets.sync.client import connect

SESSION_ID = re.compile(r"^\d+\.\d+$")


class Session:
    def __init__(self, url, token=None, ssl=None, first_frame_auth=False, timeout=10.0, origin=None):
        self.url = url if (token is None or first_frame_auth) else f"{url}?token={token}"
        self._exit = ExitStack()
        self.conn = self._exit.enter_context(
            connect(self.url, ssl=ssl, open_timeout=timeout, close_timeout=2, origin=origin))
        try:
            if first_frame_auth:
                self.send({"type": "bridge:auth", "token": token})
            self.welcome = self.recv(timeout)
            assert self.welcome.get("type") == "bridge:welcome", f"expected bridge:welcome, got {self.welcome}"
            assert SESSION_ID.match(str(self.welcome.get("session_id"))), self.welcome
        except BaseException:
            self._exit.close()
            raise
        self.session_id = self.welcome["session_id"]

    def send(self, frame):
        self.conn.send(json.dumps(frame))

    def recv(self, timeout=10.0):
        return json.loads(self.conn.recv(timeout=timeout))

    def recv_event(self, timeout=10.0):
        """Next frame that is not a bridge-level frame (skips bridge:pong and the like)."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.recv(max(0.05, deadline - time.monotonic()))
            if not str(frame.get("type", "")).startswith("bridge:"):
                return frame

    def close(self):
        self._exit.close()

"""A private redis-server on a free loopback port and a minimal RESP client (no redis-py)."""
import socket

from .ports import free_port
from .process import Process
from .wait import wait_until


class RedisClient:
    def __init__(self, port, host="127.0.0.1", timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.reader = self.sock.makefile("rb")

    def command(self, *args):
        parts = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts.append(f"${len(data)}\r\n".encode() + data + b"\r\n")
        self.sock.sendall(b"".join(parts))
        return self._read()

    def _read(self):
        line = self.reader.readline()
        if not line:
            raise ConnectionError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(f"redis error: {rest.decode()}")
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            if size < 0:
                return None
            data = self.reader.read(size + 2)
            return data[:-2]
        if kind == b"*":
            size = int(rest)
            return None if size < 0 else [self._read() for _ in range(size)]
        raise RuntimeError(f"unexpected RESP line {line!r}")

    def publish(self, channel, payload):
        """Returns the number of subscribers that got it (bridges count once per subscription)."""
        return self.command("PUBLISH", channel, payload)

    def close(self):
        self.reader.close()
        self.sock.close()


class RedisServer:
    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = Process(
            "redis-server",
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(workdir)],
            workdir / f"redis-{self.port}.log",
        )

    def wait(self):
        wait_until(self._pong, 10, f"redis-server on port {self.port}")
        return self

    def _pong(self):
        self.process.ensure_alive()
        client = RedisClient(self.port, timeout=1)
        try:
            return client.command("PING") == "PONG"
        finally:
            client.close()

    def client(self):
        return RedisClient(self.port)

    def publish(self, channel, payload):
        client = self.client()
        try:
            return client.publish(channel, payload)
        finally:
            client.close()

    def stop(self):
        return self.process.stop()

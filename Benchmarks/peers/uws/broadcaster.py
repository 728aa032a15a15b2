"""uWebSockets (through PyPI's socketify) fed by Redis pub/sub, fanned out with uWS's own pub/sub.

Every WebSocket subscribes to one uWS topic when it opens; every message read from the Redis
channel goes, unchanged, as one text frame per session through `App.publish(topic, ...)`.

How it runs, and why not `App.run()`:
- socketify's `App.run()` drives libuv from an asyncio loop that calls `uv_run(NOWAIT)` again and
  again, and only backs off to 100 polls a second after 15,000 idle turns: a server that spins or
  polls while idle. Here libuv's own loop runs instead (`uv_run(DEFAULT)`, blocking in epoll), so an
  idle server sleeps.
- Redis is read without blocking that loop: a non-blocking socket watched by a libuv `uv_poll`
  handle on the same loop (libuv is the shared `libuv.so.1` that socketify links, reached through
  cffi). One readable event is one batch: everything the socket holds (bounded) is read, parsed, and
  each message published before control returns to libuv.
- Coalescing is uWS's own: `publish` only queues a message per subscriber (up to 32 each) in the
  topic tree; the loop's post handler (a libuv check handle, run right after this poll callback)
  drains every subscriber once, corked, so a batch of up to 32 messages reaches a session in one
  `write(2)`; a longer batch drains every 32. No frame carries more than one message.
- Like the other peers, nothing is queued without bound: a session over `--max-backpressure`
  bytes of unsent data skips messages (uWS drops them) instead of being closed.
"""
import argparse
import os
import signal
import socket
import sys
from urllib.parse import urlparse

import cffi
from socketify import App, AppListenOptions, OpCode
from socketify.native import ffi as socketify_ffi

UV = cffi.FFI()
UV.cdef("""
typedef struct uv_loop_s uv_loop_t;
typedef struct uv_poll_s uv_poll_t;
typedef void (*uv_poll_cb)(uv_poll_t *handle, int status, int events);
size_t uv_handle_size(int type);
const char *uv_handle_type_name(int type);
int uv_poll_init_socket(uv_loop_t *loop, uv_poll_t *handle, int fd);
int uv_poll_start(uv_poll_t *handle, int events, uv_poll_cb cb);
int uv_poll_stop(uv_poll_t *handle);
const char *uv_strerror(int err);
""")
UV_READABLE = 1
READ_CHUNK = 256 * 1024
MAX_READ_PER_EVENT = 4 * 1024 * 1024  # one batch at most; the rest waits for the next turn
TOPIC = "bench"


def die(message):
    """Stops the process from anywhere, a libuv callback included (cffi swallows exceptions there)."""
    print(f"uws peer: {message}", file=sys.stderr, flush=True)
    os._exit(1)


def libuv():
    """The libuv that socketify's library is linked against (Debian's libuv1)."""
    try:
        return UV.dlopen("libuv.so.1")
    except OSError as error:
        die(f"cannot load libuv.so.1 ({error}); install Debian's libuv1")


def handle_type(uv, name):
    """libuv's handle-type number for `name`, asked from libuv itself rather than assumed."""
    for t in range(1, 32):
        if UV.string(uv.uv_handle_type_name(t)).decode() == name:
            return t
    die(f"this libuv has no '{name}' handle type")


class RESPReader:
    """Incremental parser for the replies a subscriber receives: arrays of bulk strings/integers."""

    def __init__(self):
        self.buf = bytearray()
        self.pos = 0

    def feed(self, data):
        self.buf += data

    def _line(self, at):
        end = self.buf.find(b"\r\n", at)
        return (None, at) if end < 0 else (bytes(self.buf[at:end]), end + 2)

    def _item(self, at):
        line, nxt = self._line(at)
        if line is None:
            return None, at
        kind, rest = line[:1], line[1:]
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return (None, nxt)
            if len(self.buf) < nxt + n + 2:
                return None, at
            return bytes(self.buf[nxt:nxt + n]), nxt + n + 2
        if kind == b":":
            return int(rest), nxt
        if kind in (b"+", b"-"):
            return line, nxt
        raise ValueError(f"unexpected RESP type {kind!r}")

    def messages(self):
        """Yields every complete reply (a list) and keeps the unfinished tail."""
        while True:
            line, at = self._line(self.pos)
            if line is None:
                break
            if line[:1] != b"*":
                if line[:1] == b"-":
                    raise ValueError(f"redis error: {line[1:].decode(errors='replace')}")
                self.pos = at
                continue
            items, complete = [], True
            for _ in range(int(line[1:])):
                if at >= len(self.buf):
                    complete = False
                    break
                value, nxt = self._item(at)
                if nxt == at:
                    complete = False
                    break
                items.append(value)
                at = nxt
            if not complete:
                break
            self.pos = at
            yield items
        if self.pos:
            del self.buf[:self.pos]
            self.pos = 0


def main():
    parser = argparse.ArgumentParser(description="uWebSockets (socketify) broadcaster fed by Redis SUBSCRIBE.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--channel", default="bench")
    parser.add_argument("--max-backpressure", type=int, default=1 << 20,
                        help="unsent bytes per session past which uWS skips messages (default 1 MiB)")
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # libuv blocks in C: let the default action stop us

    app = App()
    app.ws("/*", {
        "open": lambda ws: ws.subscribe(TOPIC),
        "idle_timeout": 0,  # the other peers never close an idle session either
        "send_pings_automatically": False,
        "max_backpressure": args.max_backpressure,
        "close_on_backpressure_limit": False,
        "compression": 0,
    })
    app.listen(AppListenOptions(port=args.port, host=args.host), lambda config: None)
    if getattr(app, "socket", socketify_ffi.NULL) == socketify_ffi.NULL:
        die(f"cannot listen on {args.host}:{args.port}; is the port free?")

    url = urlparse(args.redis_url)
    redis = socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=5)
    name = args.channel.encode()
    redis.sendall(b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(name), name))
    redis.setblocking(False)
    reader = RESPReader()

    uv = libuv()
    loop = UV.cast("uv_loop_t *", int(socketify_ffi.cast("uintptr_t", app.loop.get_native_loop())))
    # `memory` owns the handle (a cast does not); it and the callback are locals of main(), alive while the loop runs.
    memory = UV.new("char[]", uv.uv_handle_size(handle_type(uv, "poll")))
    poll = UV.cast("uv_poll_t *", memory)

    @UV.callback("void(uv_poll_t *, int, int)")
    def on_readable(handle, status, events):
        if status < 0:
            die(f"redis socket: {UV.string(uv.uv_strerror(status)).decode()}")
        got = 0
        while got < MAX_READ_PER_EVENT:
            try:
                data = redis.recv(READ_CHUNK)
            except BlockingIOError:
                break
            if not data:
                die("redis closed the connection")
            reader.feed(data)
            got += len(data)
        try:
            for reply in reader.messages():
                if len(reply) == 3 and reply[0] == b"message":
                    app.publish(TOPIC, reply[2], OpCode.TEXT)
        except ValueError as error:
            die(f"reading redis: {error}")

    rc = uv.uv_poll_init_socket(loop, poll, redis.fileno())
    if rc == 0:
        rc = uv.uv_poll_start(poll, UV_READABLE, on_readable)
    if rc != 0:
        die(f"uv_poll on the redis socket: {UV.string(uv.uv_strerror(rc)).decode()}")
    print(f"uws broadcaster on ws://{args.host}:{args.port}/, subscribed to {args.channel} at {url.hostname}:{url.port or 6379}", flush=True)
    app.loop.uv_loop.run()  # uv_run(UV_RUN_DEFAULT): blocks in epoll between events


if __name__ == "__main__":
    main()

"""Real services the browser suite starts itself: redis-server and the bridge binary."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SECRET = 'browser-suite-secret-0123456789abcdef'  # ≥ 32 bytes, test-only


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_until(what, check, timeout, every=0.1):
    """Polls check() until it returns a truthy value; fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 — remembered for the failure message
            last_error = e
        time.sleep(every)
    raise AssertionError(f'timed out after {timeout}s waiting for {what}' + (f' (last error: {last_error})' if last_error else ''))


def http_get(url, timeout=3):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.headers, r.read()


def http_status(url):
    try:
        return http_get(url)[0]
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def bridge_bin():
    path = os.environ.get('BRIDGE_BIN') or os.path.join(REPO, '.build', 'debug', 'bridge')
    if not os.path.isabs(path) or not os.access(path, os.X_OK):
        raise RuntimeError(f'BRIDGE_BIN must be an absolute path to an executable bridge, got {path!r}')
    return path


class Redis:
    def __init__(self):
        self.port = free_port()
        self.proc = None

    def start(self):
        exe = shutil.which('redis-server')
        if not exe:
            raise RuntimeError('redis-server not found: run Tests/browser/install.sh')
        self.proc = subprocess.Popen([exe, '--port', str(self.port), '--bind', '127.0.0.1', '--save', '',
                                      '--appendonly', 'no', '--daemonize', 'no'],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until('redis-server', lambda: self.cli('PING').strip() == 'PONG', 10)
        return self

    @property
    def url(self):
        return f'redis://127.0.0.1:{self.port}/0'

    def cli(self, *args):
        return subprocess.run(['redis-cli', '-p', str(self.port), *args], capture_output=True, text=True,
                              timeout=5).stdout

    def publish(self, message, channel='ict.events'):
        """PUBLISHes a listener envelope; returns how many subscribers got it (the bridge: ≥ 1)."""
        return int(self.cli('PUBLISH', channel, json.dumps(message)).strip() or 0)

    def append(self, message, stream='bridge:events'):
        """Appends a listener envelope to the shared log as php-listener does; returns the entry id."""
        return self.cli('XADD', stream, 'MAXLEN', '~', '10000', '*', 'm', json.dumps(message)).strip()

    def stop(self):
        stop_process(self.proc)


class Bridge:
    """One bridge process; restart() keeps the same port."""

    def __init__(self, redis_url, dev=False, port=None, env=None):
        self.port = port or free_port()
        self.redis_url = redis_url
        self.dev = dev
        self.extra_env = dict(env or {})
        self.proc = None
        self.log = tempfile.NamedTemporaryFile(prefix='bridge-', suffix='.log', delete=False)

    @property
    def http(self):
        return f'http://127.0.0.1:{self.port}'

    @property
    def ws(self):
        return f'ws://127.0.0.1:{self.port}/ws'

    def start(self):
        cmd = [bridge_bin(), 'serve', '--host', '127.0.0.1', '--port', str(self.port), '--redis-url', self.redis_url]
        env = dict(os.environ, **self.extra_env)
        if self.dev:
            cmd.append('--dev')
            env.pop('BRIDGE_SECRET', None)
        else:
            env['BRIDGE_SECRET'] = SECRET
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=self.log)
        wait_until(f'bridge /ready on port {self.port} (log: {self.log.name})', self._ready, 20)
        return self

    def _ready(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f'bridge exited with {self.proc.returncode}: {self.log_text()[-2000:]}')
        return http_status(self.http + '/ready') == 200

    def stop(self):
        stop_process(self.proc)

    def restart(self, down_seconds=0.0):
        self.stop()
        time.sleep(down_seconds)
        return self.start()

    def token(self, user, roles=(), ttl=3600):
        cmd = [bridge_bin(), 'token', '--user', str(user), '--ttl', str(ttl)]
        if roles:
            cmd += ['--roles', ','.join(roles)]
        cmd += ['--dev'] if self.dev else ['--secret', SECRET]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        if out.returncode != 0 or out.stdout.count('.') != 2:
            raise RuntimeError(f'bridge token failed ({out.returncode}): {out.stderr.strip()}')
        return out.stdout.strip()

    def status(self):
        return json.loads(http_get(self.http + '/status')[2])

    def log_text(self):
        with open(self.log.name, errors='replace') as f:
            return f.read()


def stop_process(proc, timeout=8):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)

"""Starts redis-server and the bridge with a Pusher app for the whole session (docs/pusher.md)."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
APP_ID, APP_KEY, APP_SECRET = '42', 'sdk-suite-key', 'sdk-suite-secret-0123456789'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_until(what, check, timeout):
    """Polls check() every 0.1 s until it is truthy; fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f'timed out after {timeout}s waiting for {what}')


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=6)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class Bridge:
    """The bridge's port and app, as a test sees them."""

    def __init__(self, port):
        self.port, self.app_id, self.key, self.secret = port, APP_ID, APP_KEY, APP_SECRET


@pytest.fixture(scope='session')
def bridge():
    exe = shutil.which('redis-server')
    if not exe:
        raise RuntimeError('redis-server not found: run Tests/pusher/install.sh')
    binary = os.environ.get('BRIDGE_BIN') or os.path.join(REPO, '.build', 'debug', 'bridge')
    redis_port, port = free_port(), free_port()
    redis = subprocess.Popen([exe, '--port', str(redis_port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = tempfile.TemporaryFile()
    env = dict(os.environ, REDIS_URL=f'redis://127.0.0.1:{redis_port}/0', BRIDGE_SECRET='pusher-suite-secret-0123456789abcdef',
               PUSHER_APP_ID=APP_ID, PUSHER_APP_KEY=APP_KEY, PUSHER_APP_SECRET=APP_SECRET, BRIDGE_CHANNELS='ict.events')
    proc = subprocess.Popen([binary, 'serve', '--port', str(port)], env=env, stdout=log, stderr=log)
    try:
        wait_until('the bridge to be ready',
                   lambda: urllib.request.urlopen(f'http://127.0.0.1:{port}/ready', timeout=2).status == 200, 20)
        yield Bridge(port)
    finally:
        stop(proc)
        stop(redis)
        log.seek(0)
        tail = log.read()[-3000:].decode(errors='replace')
        if tail:
            print('bridge output (tail):\n' + tail)

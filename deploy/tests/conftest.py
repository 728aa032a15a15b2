"""Fixtures: every service is started here on free loopback ports and stopped afterwards."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.bridge import Bridge  # noqa: E402
from support.nginx import Nginx  # noqa: E402
from support.redis import RedisServer  # noqa: E402


class Stack:
    """Starts services in order and stops them in reverse, whatever happens in between."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.started = []

    def add(self, service):
        self.started.append(service)
        return service

    def redis(self):
        return self.add(RedisServer(self.workdir)).wait()

    def bridge(self, redis_url, ready=True, **kwargs):
        bridge = self.add(Bridge(self.workdir, redis_url, **kwargs))
        return bridge.wait_ready() if ready else bridge

    def nginx(self, upstream_port, **kwargs):
        return self.add(Nginx(self.workdir, upstream_port, **kwargs)).wait()

    def stop_all(self):
        for service in reversed(self.started):
            try:
                service.stop()
            except Exception as error:  # keep stopping the others
                print(f"stopping {service!r} failed: {error!r}", file=sys.stderr)
        self.started.clear()


@pytest.fixture
def stack(tmp_path):
    services = Stack(tmp_path)
    yield services
    services.stop_all()


@pytest.fixture(scope="module")
def module_stack(tmp_path_factory):
    services = Stack(tmp_path_factory.mktemp("stack"))
    yield services
    services.stop_all()

"""The bridge serves the current LiveUpdates client."""
import os

from pageserver import CLIENT_SOURCE
from services import http_get


def test_bridge_serves_this_client_js(live_bridge):
    status, headers, body = http_get(live_bridge.http + '/client.js')
    assert status == 200
    assert 'javascript' in headers.get('Content-Type', ''), headers.get('Content-Type')
    with open(CLIENT_SOURCE, 'rb') as f:
        source = f.read()
    assert body == source, ('the bridge serves a different client.js than '
                            f'{os.path.relpath(CLIENT_SOURCE)}: the binary predates the last change (rebuild it)')

"""The help-desk page's own origin in tests: a tiny http.server with the test pages,
an apiEndpoint answering JSON, a token endpoint (like the Laravel route), a Pusher channel
authorisation endpoint (like Laravel's /broadcasting/auth) and a request log."""
import hashlib
import hmac
import json
import os
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from services import REPO, free_port

PAGES = os.path.join(os.path.dirname(__file__), 'pages')
CLIENT_SOURCE = os.path.join(REPO, 'Sources', 'Bridge', 'Resources', 'client.js')


class PageServer:
    def __init__(self, bridge, client_from_source=False, pusher_app=None):
        self.bridge = bridge
        self.pusher_app = pusher_app  # (key, secret) of the bridge's Pusher app, for /broadcasting/auth
        self.client_from_source = client_from_source
        self.port = free_port()
        self.requests = []          # (path, {header: value}) of every request, in order
        self.api_calls = 0
        self.token_calls = 0
        self.token_ttl = 3600
        self.bad_tokens_left = 0    # answer this many invalid tokens before good ones
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(('127.0.0.1', self.port), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self):
        return f'http://127.0.0.1:{self.port}'

    def url(self, page, **query):
        return f'{self.origin}/{page}' + ('?' + urllib.parse.urlencode(query) if query else '')

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.api_calls = 0
            self.token_calls = 0
            self.token_ttl = 3600
            self.bad_tokens_left = 0

    def headers_of(self, path_prefix):
        with self.lock:
            return [h for p, h in self.requests if p.startswith(path_prefix)]

    def client_js_url(self):
        return (self.origin if self.client_from_source else self.bridge.http) + '/client.js'

    def render(self, name):
        with open(os.path.join(PAGES, name), encoding='utf-8') as f:
            text = f.read()
        return (text.replace('{{CLIENT_JS}}', self.client_js_url())
                    .replace('{{WS_URL}}', self.bridge.ws)
                    .replace('{{WS_ROOT}}', f'ws://127.0.0.1:{self.bridge.port}')
                    .replace('{{HTTP_URL}}', self.bridge.http)
                    .replace('{{PUSHER_URL}}', f'ws://127.0.0.1:{self.bridge.port}/app/{self.pusher_app[0] if self.pusher_app else ""}'
                                               '?protocol=7&client=js&version=8.4.0&flash=false'))

    def _pusher_auth(self, user, form):
        """What Laravel's /broadcasting/auth answers with the pusher driver: 403 for a guest (user
        0), else the channel signed for the socket, with channel_data on presence channels."""
        key, secret = self.pusher_app
        socket_id, channel = form.get('socket_id', [''])[0], form.get('channel_name', [''])[0]
        if user in ('', '0') or not socket_id or not channel:
            return 403, {'message': 'This action is unauthorized.'}
        answer, signed = {}, f'{socket_id}:{channel}'
        if channel.startswith('presence-'):
            answer['channel_data'] = json.dumps({'user_id': user, 'user_info': {'name': f'user {user}'}})
            signed += ':' + answer['channel_data']
        answer['auth'] = key + ':' + hmac.new(secret.encode(), signed.encode(), hashlib.sha256).hexdigest()
        return 200, answer

    def _token_answer(self, query):
        with self.lock:
            self.token_calls += 1
            bad = self.bad_tokens_left > 0
            self.bad_tokens_left -= 1 if bad else 0
            ttl = self.token_ttl
        user = query.get('user', ['5'])[0]
        roles = [r for r in query.get('roles', [''])[0].split(',') if r]
        token = self.bridge.token(user, roles, ttl)
        if bad:  # same shape, wrong signature: the bridge closes with 4001
            token = token[:-4] + ('AAAA' if not token.endswith('AAAA') else 'BBBB')
        return {'token': token, 'url': self.bridge.ws}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def _send(self, status, body, ctype):
                data = body if isinstance(body, bytes) else body.encode('utf-8')
                self.send_response(status)
                self.send_header('Content-Type', ctype)
                self.send_header('Content-Length', str(len(data)))
                self.send_header('Cache-Control', 'no-store')
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                with server.lock:
                    server.requests.append((url.path, {k.lower(): v for k, v in self.headers.items()}))
                if url.path.endswith('.html') and os.path.exists(os.path.join(PAGES, url.path.lstrip('/'))):
                    return self._send(200, server.render(url.path.lstrip('/')), 'text/html; charset=utf-8')
                if url.path == '/client.js' and server.client_from_source:
                    with open(CLIENT_SOURCE, 'rb') as f:
                        return self._send(200, f.read(), 'application/javascript')
                if url.path == '/api/data':
                    with server.lock:
                        server.api_calls += 1
                        n = server.api_calls
                    return self._send(200, json.dumps({'tickets': [{'id': 42, 'title': 'Printer'}], 'version': n}),
                                      'application/json')
                if url.path == '/api/echo':
                    return self._send(200, json.dumps({'socket_id': self.headers.get('X-Socket-ID')}), 'application/json')
                if url.path == '/token':
                    try:
                        return self._send(200, json.dumps(server._token_answer(query)), 'application/json')
                    except Exception as e:  # noqa: BLE001 — shown to the page as a 500
                        return self._send(500, json.dumps({'error': str(e)}), 'application/json')
                if url.path == '/broadcasting/auth' and server.pusher_app:
                    length = int(self.headers.get('Content-Length') or 0)
                    form = urllib.parse.parse_qs(self.rfile.read(length).decode('utf-8'))
                    status, answer = server._pusher_auth(query.get('user', [''])[0], form)
                    return self._send(status, json.dumps(answer), 'application/json')
                if url.path == '/favicon.ico':
                    return self._send(204, b'', 'image/x-icon')
                return self._send(404, '{"error":"not found"}', 'application/json')

            do_POST = do_GET

        return Handler

"""Small HTTP helpers over http.client (supports a chosen source address and TLS)."""
import http.client
import json


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name.lower())


def request(method, host, port, path, body=None, headers=None, timeout=10.0,
            source_address=None, ssl_context=None):
    if ssl_context is not None:
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl_context,
                                           source_address=source_address)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout,
                                          source_address=source_address)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        reply = conn.getresponse()
        data = reply.read()
        headers = {k.lower(): v for k, v in reply.getheaders()}
        return Response(reply.status, headers, data)
    finally:
        conn.close()


def get(port, path, host="127.0.0.1", **kwargs):
    return request("GET", host, port, path, **kwargs)


def post_json(port, path, payload, host="127.0.0.1", headers=None, **kwargs):
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return request("POST", host, port, path, body=json.dumps(payload).encode(),
                   headers=all_headers, **kwargs)

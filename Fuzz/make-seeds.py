#!/usr/bin/env python3
"""Writes the seed corpora of Fuzz/corpus/<target>/ and the dictionaries of Fuzz/dictionaries/ from the envelopes, tokens and requests of
the test fixtures (Tests/BridgeTests/Support, Tests/BridgeIntegrationTests/Support).

Run from the repository root: python3 Fuzz/make-seeds.py. The output is committed; re-run it
only to change the seeds. Tokens are signed with the fuzz key (FuzzSupport/FuzzKeys.swift).
"""
import base64
import hashlib
import hmac
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "corpus")
SECRET = b"fuzz-secret-0123456789abcdef0123"
FAR = 4102444800  # 2100-01-01

SAMPLE = {
    "ticket_created": {"ticket": {"id": 42, "title": "Printer", "requester_id": 7, "assignee_id": 5}},
    "ticket_status_changed": {"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "old_status": "open", "new_status": "closed"},
    "ticket_assigned": {"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "previous_assignee_id": None, "assigned_by": 1},
    "ticket_comment_created": {"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 3, "author_id": 9, "is_internal": False}},
    "user_created": {"user": {"id": 7, "name": "Ann"}},
    "user_status_changed": {"user": {"id": 7}, "old_status": "inactive", "new_status": "active"},
    "equipment_status_changed": {"equipment": {"id": 3, "assigned_user_id": 5}, "old_status": "ok", "new_status": "broken"},
    "equipment_location_changed": {"equipment": {"id": 3, "assigned_user_id": 5}, "old_location": "A", "new_location": "B"},
    "knowledge_article_created": {"article": {"id": 8, "author_id": 9, "is_published": True}},
    "knowledge_article_updated": {"article": {"id": 8, "author_id": 9, "is_published": False}},
    "system_notification_created": {"notification": {"id": 1, "title": "Maintenance tonight"}},
}


def camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


def write(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def js(value):
    return json.dumps(value, separators=(",", ":"))


def envelopes():
    """Selector byte (channel in bits 0-2, Laravel prefix in bit 3) + payload."""
    n = 0
    def seed(selector, payload):
        nonlocal n
        write("envelope", f"seed-{n:02d}", bytes([selector]) + payload.encode())
        n += 1
    for i, (kind, data) in enumerate(SAMPLE.items()):
        listener = {"type": kind, "data": data, "occurred_at": "2026-11-26T15:00:00Z"}
        if i % 3 == 0:
            listener["audience"] = {"users": [9, "10"], "roles": ["manager"], "everyone": False}
        seed(i % 8, js(listener))
        laravel_data = dict(data, socket="1234.5678")
        event = ["App\\Events\\" + camel(kind), "." + kind.replace("_", "."), kind.replace("_", "-")][i % 3]
        seed(0x08 | (i % 8), js({"event": event, "data": laravel_data, "socket": "1234.5678" if i % 2 else None}))
    seed(0x0C, js({"event": "App\\Events\\OrderShipped", "data": {"order": 1}, "socket": None}))
    seed(0x01, js({"type": "ticket_created", "data": {"ticket": {"id": 42}}}))
    seed(0x02, js({"type": "bridge:welcome", "data": {}}))
    seed(0x03, js({"type": "custom_thing", "data": {"x": [1, 2.5, -0.0, 1e300, "\u00e9\ud83d\ude00"]},
                   "audience": {"users": [1.0, 2], "roles": "admin", "everyone": "yes"}}))
    seed(0x04, '{"type":"user_created","data":{"user":{"id":null}}}')
    seed(0x04, '[1,2,3]')
    seed(0x04, '{"data":{}}')
    seed(0x00, '{"type":"a","type":"b","data":{"\\u0000":"\\ud800"}}')
    seed(0x04, '{"type":"x","data":' + "[" * 40 + "]" * 40 + "}")
    seed(0x09, js({"event": "", "data": []}))
    seed(0x0A, js({"event": "App\\Events\\TicketCreated", "data": {"ticket": {"id": 9223372036854775807, "requester_id": -9223372036854775808}}}))
    seed(0x0B, js({"event": "ticket.created", "data": {"ticket": {"id": 1e15, "requester_id": 123456789012345678901234567890}}}))


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(claims, alg="HS256", secret=SECRET, header=None, raw_claims=None):
    head = header if header is not None else js({"alg": alg, "typ": "JWT"})
    body = raw_claims if raw_claims is not None else js(claims)
    signing = (b64(head.encode()) + "." + b64(body.encode())).encode()
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}.get(alg, hashlib.sha256)
    return signing.decode() + "." + b64(hmac.new(secret, signing, digest).digest())


def tokens():
    odd = {
        "valid": {"sub": "5", "roles": ["admin", "technician"], "exp": FAR, "name": "Ann"},
        "integer-sub": {"sub": 5, "exp": FAR},
        "float-sub": {"sub": 5.0, "exp": FAR},
        "huge-float-sub": {"sub": 1e300, "exp": FAR},
        "object-sub": {"sub": {"id": 5}, "exp": FAR},
        "empty-sub": {"sub": "", "exp": FAR},
        "no-sub": {"exp": FAR, "roles": ["admin"]},
        "no-exp": {"sub": "5"},
        "exp-1e19": {"sub": "5", "exp": 1e19},
        "exp-minus-1e19": {"sub": "5", "exp": -1e19},
        "exp-1e300": {"sub": "5", "exp": 1e300},
        "exp-string": {"sub": "5", "exp": "4102444800"},
        "exp-fraction": {"sub": "5", "exp": 4102444800.5},
        "expired": {"sub": "5", "exp": 946684800},
        "nbf-future": {"sub": "5", "exp": FAR, "nbf": 4102444790},
        "nbf-past": {"sub": "5", "exp": FAR, "nbf": 946684800},
        "nbf-1e19": {"sub": "5", "exp": FAR, "nbf": -1e19},
        "iat-huge": {"sub": "5", "exp": FAR, "iat": 1e19},
        "roles-string": {"sub": "5", "exp": FAR, "roles": "admin"},
        "roles-mixed": {"sub": "5", "exp": FAR, "roles": ["admin", 1, None]},
        "roles-object": {"sub": "5", "exp": FAR, "roles": {"admin": True}},
        "name-number": {"sub": "5", "exp": FAR, "name": 7},
        "huge-strings": {"sub": "u" * 2000, "exp": FAR, "name": "n" * 1000, "roles": ["r" * 500]},
        "unicode": {"sub": "\u00e9\ud83d\ude00", "exp": FAR, "name": "\u0000"},
    }
    for name, claims in odd.items():
        write("token", name, token(claims))
    write("token", "hs384", token({"sub": "5", "exp": FAR}, alg="HS384"))
    write("token", "hs512", token({"sub": "5", "exp": FAR}, alg="HS512"))
    write("token", "wrong-key", token({"sub": "5", "exp": FAR}, secret=b"another-secret-0123456789abcdef!"))
    write("token", "alg-none", b64(js({"alg": "none"}).encode()) + "." + b64(js({"sub": "5", "exp": FAR}).encode()) + ".")
    write("token", "no-alg", token({"sub": "5", "exp": FAR}, header=js({"typ": "JWT"})))
    write("token", "alg-number", token({"sub": "5", "exp": FAR}, header=js({"alg": 256})))
    write("token", "header-kid", token({"sub": "5", "exp": FAR}, header=js({"alg": "HS256", "kid": "x", "crit": ["exp"]})))
    write("token", "claims-not-object", token(None, raw_claims="[1,2]"))
    write("token", "claims-not-json", token(None, raw_claims="{\"sub\":"))
    write("token", "padded", token({"sub": "5", "exp": FAR}).replace(".", "==.", 1))
    write("token", "two-parts", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1In0")
    write("token", "four-parts", token({"sub": "5", "exp": FAR}) + ".AAAA")
    write("token", "empty", "")


def frame(opcode, payload, fin=True, mask=b"\x37\xfa\x21\x3d", length_form=None):
    if isinstance(payload, str):
        payload = payload.encode()
    first = (0x80 if fin else 0) | opcode
    n = len(payload)
    mask_bit = 0x80 if mask else 0
    form = length_form or ("7" if n < 126 else "16" if n < 65536 else "64")
    if form == "7":
        head = bytes([first, mask_bit | n])
    elif form == "16":
        head = bytes([first, mask_bit | 126]) + struct.pack(">H", n)
    else:
        head = bytes([first, mask_bit | 127]) + struct.pack(">Q", n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head += mask
    return head + payload


def client_frames():
    valid = token({"sub": "5", "roles": ["technician"], "exp": FAR})
    texts = {
        "auth": js({"type": "bridge:auth", "token": valid}),
        "auth-empty": js({"type": "bridge:auth", "token": ""}),
        "auth-number": js({"type": "bridge:auth", "token": 5}),
        "resume": js({"type": "bridge:resume", "last_id": "1733550000000-42"}),
        "resume-number": js({"type": "bridge:resume", "last_id": 42}),
        "ping": js({"type": "bridge:ping"}),
        "unknown-bridge": js({"type": "bridge:subscribe", "channel": "x"}),
        "publish": js({"type": "ticket_created", "data": SAMPLE["ticket_created"]}),
        "no-type": js({"token": valid}),
        "array": "[]",
        "not-json": "hello",
    }
    for name, text in texts.items():
        write("client-frame", "text-" + name, frame(0x1, text))
    write("client-frame", "unmasked-ping-text", frame(0x1, texts["ping"], mask=None))
    write("client-frame", "fragmented", frame(0x1, texts["auth"][:20], fin=False)
          + frame(0x9, "mid") + frame(0x0, texts["auth"][20:40], fin=False) + frame(0x0, texts["auth"][40:]))
    write("client-frame", "continuation-alone", frame(0x0, "{}"))
    write("client-frame", "ping-pong-close", frame(0x9, "p") + frame(0xA, "q") + frame(0x8, b"\x03\xe8bye"))
    write("client-frame", "binary", frame(0x2, b"\x00\x01\x02"))
    write("client-frame", "two-texts", frame(0x1, texts["ping"]) + frame(0x1, texts["resume"]))
    write("client-frame", "len16", frame(0x1, js({"type": "bridge:auth", "token": "t" * 300})))
    write("client-frame", "len64-small", frame(0x1, texts["ping"], length_form="64"))
    write("client-frame", "too-large-header", bytes([0x81, 0xFF]) + struct.pack(">Q", 1 << 40) + b"\x00" * 4)
    write("client-frame", "len-16k-plus-1", bytes([0x81, 0xFE]) + struct.pack(">H", 16385) + b"\x00" * 4 + b"a" * 64)
    write("client-frame", "reserved-opcode", frame(0x3, "x") + frame(0xB, "y"))
    write("client-frame", "rsv-bits", bytes([0xF1, 0x80, 1, 2, 3, 4]))
    write("client-frame", "control-fragmented", frame(0x9, "x", fin=False))
    write("client-frame", "truncated", frame(0x1, texts["auth"])[:30])


def http():
    """Selector byte (bit 0 set: the peer is not loopback) + request bytes."""
    valid = token({"sub": "5", "roles": ["technician"], "exp": FAR})
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    def req(method, path, headers=(), body=b""):
        if isinstance(body, str):
            body = body.encode()
        lines = [f"{method} {path} HTTP/1.1", "Host: localhost:8080"] + list(headers)
        if body:
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    envelope = js({"type": "ticket_created", "data": SAMPLE["ticket_created"]})
    seeds = {
        "test": (0, req("GET", "/test")),
        "health-head": (0, req("HEAD", "/health")),
        "ready": (0, req("GET", "/ready")),
        "status": (0, req("GET", "/status")),
        "clients": (0, req("GET", "/clients")),
        "metrics": (0, req("GET", "/metrics")),
        "messages": (0, req("GET", f"/messages?since=&limit=10&token={valid}")),
        "messages-bearer": (1, req("GET", "/messages?since=1733550000000-0&wait=2&limit=500", [f"Authorization: Bearer {valid}"])),
        "messages-bad-query": (1, req("GET", "/messages?wait=-1&limit=%zz&token=a+b%20c&&=x&token")),
        "broadcast": (0, req("POST", "/broadcast", ["Content-Type: application/json"], envelope)),
        "broadcast-batch": (0, req("POST", "/broadcast", ["Content-Type: application/json; charset=utf-8"],
                                   js({"messages": [json.loads(envelope), {"event": "TicketCreated", "data": SAMPLE["ticket_created"]}]}))),
        "broadcast-remote": (1, req("POST", "/broadcast", ["Content-Type: application/json", "Authorization: Bearer x"], envelope)),
        "broadcast-proxied": (0, req("POST", "/broadcast", ["Content-Type: application/json", "X-Forwarded-For: 1.2.3.4"], envelope)),
        "broadcast-bad": (0, req("POST", "/broadcast", ["Content-Type: text/plain"], "{")),
        "broadcast-chunked": (0, req("POST", "/broadcast", ["Content-Type: application/json", "Transfer-Encoding: chunked"])
                              + f"{len(envelope):x}\r\n{envelope}\r\n0\r\n\r\n".encode()),
        "options": (1, req("OPTIONS", "/broadcast", ["Origin: https://ict.example", "Access-Control-Request-Method: POST"])),
        "options-foreign": (1, req("OPTIONS", "/status", ["Origin: https://evil.example"])),
        "static": (0, req("GET", "/client.js")),
        "dashboard": (0, req("GET", "/dashboard?x=1")),
        "not-found": (0, req("GET", "/nope/../etc")),
        "method": (0, req("DELETE", "/test")),
        "root": (0, req("GET", "/")),
        "dev-token": (0, req("GET", "/dev/token?user=5&roles=admin,technician")),
        "ws-refused": (1, req("GET", "/ws", ["Origin: https://evil.example"])),
        "ws-upgrade": (1, req("GET", f"/ws?token={valid}&last_id=1-0",
                              ["Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}",
                               "Sec-WebSocket-Version: 13", "Origin: https://ict.example"])
                       + frame(0x1, js({"type": "bridge:ping"}))),
        "ws-upgrade-auth-frame": (0, req("GET", "/ws", ["Upgrade: websocket", "Connection: Upgrade",
                                                        f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"])
                                  + frame(0x1, js({"type": "bridge:auth", "token": valid}))
                                  + frame(0x1, js({"type": "bridge:resume", "last_id": "x"})) + frame(0x8, b"\x03\xe8")),
        "ws-bad-version": (0, req("GET", "/ws", ["Upgrade: websocket", "Connection: Upgrade",
                                                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 8"])),
        "keepalive-then-upgrade": (0, req("GET", "/health") + req("GET", "/ws", ["Upgrade: websocket", "Connection: Upgrade",
                                                                                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"])),
        # A handshake without Connection: upgrade, with requests pipelined behind it (a crash
        # found at 2.48 M runs: they reached the WebSocket decoder as parsed HTTP).
        "upgrade-without-connection": (1, req("GET", "/ws", ["Upgrade: websocket", f"Sec-WebSocket-Key: {key}",
                                                             "Sec-WebSocket-Version: 13"]) + req("GET", "/ready") + req("POST", "/broadcast", [], "{}")),
        "pipelined": (0, req("GET", "/test") + req("GET", "/clients") + req("POST", "/broadcast", ["Connection: close"], "{}")),
        "http10": (0, b"GET /test HTTP/1.0\r\n\r\n"),
        "garbage": (0, b"\x16\x03\x01\x00\xa5\x01\x00"),
        "header-folding": (0, b"GET /test HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"),
        "duplicate-length": (0, b"POST /broadcast HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
    }
    for name, (selector, data) in seeds.items():
        write("http-request", name, bytes([selector]) + data)


def dictionary(name, entries):
    """One libFuzzer dictionary; bytes outside printable ASCII are written as \\xNN."""
    def escape(entry):
        data = entry.encode("latin-1")
        return "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else
                       ("\\" + chr(b) if chr(b) in '"\\' else f"\\x{b:02x}") for b in data)
    os.makedirs(os.path.join(HERE, "dictionaries"), exist_ok=True)
    with open(os.path.join(HERE, "dictionaries", name + ".dict"), "w") as f:
        f.write(f"# libFuzzer dictionary of the {name} target (written by make-seeds.py)\n")
        for entry in entries:
            f.write('"' + escape(entry) + '"\n')


def dictionaries():
    json_tokens = ["{", "}", "[", "]", ":", ",", '"', "null", "true", "false", "-0", "1e19", "-1e19", "1.5",
                   "\\u0000", "\\ud800", '\\"', "\\\\"]
    fields = ["type", "data", "audience", "occurred_at", "event", "socket", "users", "roles", "everyone", "ticket",
              "id", "requester_id", "assignee_id", "comment", "author_id", "is_internal", "user", "old_status",
              "new_status", "equipment", "assigned_user_id", "old_location", "new_location", "article",
              "is_published", "notification", "title", "previous_assignee_id", "assigned_by"]
    dictionary("envelope", json_tokens + ['"%s"' % t for t in list(SAMPLE) + fields]
               + ["App\\\\Events\\\\", "bridge:", "TicketCreated", ".ticket.created"])
    dictionary("token", ["eyJ", ".", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "eyJhbGciOiJub25lIn0", "-", "_", "=",
                         "alg", "HS256", "sub", "exp", "nbf", "iat", "roles", "name"])
    dictionary("client-frame", json_tokens + ["\x81", "\x01", "\x80", "\x88", "\x89", "\x8a", "\x82", "\x7e", "\x7f",
                                              '"type"', '"bridge:auth"', '"bridge:resume"', '"bridge:ping"',
                                              '"token"', '"last_id"', "bridge:"])
    dictionary("http-request", [
        "GET ", "POST ", "HEAD ", "OPTIONS ", " HTTP/1.1\r\n", " HTTP/1.0\r\n", "\r\n", "\r\n\r\n", "Host: ",
        "Content-Length: ", "Transfer-Encoding: chunked\r\n", "Content-Type: application/json\r\n",
        "Connection: close\r\n", "Connection: keep-alive\r\n", "Connection: Upgrade\r\n", "Upgrade: websocket\r\n",
        "Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
        "Origin: https://ict.example\r\n", "Authorization: Bearer ", "X-Forwarded-For: ", "/test", "/health", "/ready",
        "/status", "/clients", "/metrics", "/messages", "/broadcast", "/ws", "/dev/token", "/client.js", "/dashboard",
        "/demo", "?token=", "&since=", "&wait=", "&limit=", "&last_id=", "%", "+",
        '{"type":"ticket_created","data":{}}', '{"messages":[]}'])


if __name__ == "__main__":
    for target in ("envelope", "token", "client-frame", "http-request"):
        shutil.rmtree(os.path.join(ROOT, target), ignore_errors=True)
    envelopes()
    tokens()
    client_frames()
    http()
    dictionaries()
    for target in sorted(os.listdir(ROOT)):
        print(target, len(os.listdir(os.path.join(ROOT, target))))

"""Session tokens as php-listener mints them: HS256 JWT with sub, roles, exp (docs/protocol.md#frames)."""
import base64
import hashlib
import hmac
import json
import time

SECRET = "deploy-suite-secret-0123456789abcdef"  # 36 bytes; the bridge wants at least 32


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(user_id, roles=(), ttl=600, secret=SECRET, name=None):
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"sub": str(user_id), "roles": list(roles), "exp": int(time.time()) + ttl}
    if name:
        claims["name"] = name
    signing_input = (_b64(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + _b64(json.dumps(claims, separators=(",", ":")).encode()))
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)

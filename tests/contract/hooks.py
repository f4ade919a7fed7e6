"""schemathesis hooks for Regain's API contract test (crates/regain/tests/api_contract.rs).

Credentials come from the environment, set by the test after it started the demo:
  REGAIN_CONTRACT_CLIENT   bearer credential of an authentication client (sign-ins)
  REGAIN_CONTRACT_ADMIN    bearer credential acting for an administrator (temporary codes)
  REGAIN_CONTRACT_DEVICE   the enrolled push device's state file (regain-authenticator's JSON)
  REGAIN_CONTRACT_USER, REGAIN_CONTRACT_PASSWORD
                           a real user, so that some generated sign-ins start a transaction and
                           the stateful phase follows its links

Device requests are signed as the push app signs them: Ed25519 over "regain-device-request-v1",
the method, the path and query, the time and the body's SHA-256, computed on the prepared request,
so the signature covers exactly the bytes sent.
"""

import base64
import hashlib
import json
import os
import random
import time

import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# Marks a device header the signer must fill in; a probe that removed or replaced the header
# (schemathesis's ignored-auth check) is sent as the probe made it.
UNSIGNED = "sign-at-send"


class Bearer:
    """A bearer credential from the environment variable `env`."""

    env = ""

    def get(self, case, ctx):
        return os.environ[self.env]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.auth().apply_to(path_regex="^/api/v1/transactions")
class ClientCredential(Bearer):
    env = "REGAIN_CONTRACT_CLIENT"


@schemathesis.auth().apply_to(path_regex="^/api/v1/users/")
class AdminCredential(Bearer):
    env = "REGAIN_CONTRACT_ADMIN"


class SignAtSend(requests.auth.AuthBase):
    def __init__(self, device_id, key):
        self.device_id = device_id
        self.key = key

    def __call__(self, r):
        if r.headers.get("X-Regain-Signature") != UNSIGNED:
            return r
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        now = str(int(time.time()))
        message = "\n".join(
            ["regain-device-request-v1", r.method, r.path_url, now, hashlib.sha256(body).hexdigest()]
        ).encode()
        r.headers["X-Regain-Device"] = self.device_id
        r.headers["X-Regain-Time"] = now
        r.headers["X-Regain-Signature"] = base64.b64encode(self.key.sign(message)).decode()
        return r


@schemathesis.auth().apply_to(path_regex="^/device/v1/pushes")
class DeviceKey:
    def get(self, case, ctx):
        with open(os.environ["REGAIN_CONTRACT_DEVICE"]) as f:
            state = json.load(f)
        # The app keeps a PKCS#8 v2 document (with the public key), which `cryptography` does
        # not read: the 32-byte seed follows the OCTET STRING header after the Ed25519 OID.
        der = base64.b64decode(state["key_pkcs8"])
        at = der.index(bytes.fromhex("06032b6570")) + 5
        at = der.index(bytes.fromhex("0420"), at) + 2
        key = Ed25519PrivateKey.from_private_bytes(der[at : at + 32])
        return SignAtSend(state["device_id"], key)

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["X-Regain-Signature"] = UNSIGNED
        object.__setattr__(case, "_auth", data)


@schemathesis.hook("map_body").apply_to(path="/api/v1/transactions", method="POST")
def real_user_sometimes(ctx, body):
    """A third of the generated sign-ins use a real user, so transactions exist to follow."""
    if isinstance(body, dict) and "username" in body and random.random() < 0.34:
        body = dict(body)
        body["username"] = os.environ["REGAIN_CONTRACT_USER"]
        body["password"] = os.environ["REGAIN_CONTRACT_PASSWORD"]
    return body



@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Waits of up to 30 s are valid, but waiting is not what is tested: every phase sends at
    most 1 s, so the run stays short (a longer wait would also outlast the read timeout)."""
    query = case.query
    if not isinstance(query, dict) or "wait" not in query:
        return
    wait = query["wait"]
    try:
        seconds = int(wait)
    except (TypeError, ValueError):
        return
    # Only a valid wait is shortened (an int, or its decimal form as the coverage phase sends
    # it): invalid ones must still reach the server as generated.
    if seconds > 1 and str(seconds) == str(wait).strip() and seconds <= 30:
        query["wait"] = 1 if isinstance(wait, int) else "1"

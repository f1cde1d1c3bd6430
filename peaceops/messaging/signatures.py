"""Checking that a post really comes from the gateway it names, one way per gateway kind.

- Twilio: `X-Twilio-Signature` is base64(HMAC-SHA1(auth token, URL + each POST parameter's name and value,
  sorted by name)), the URL being the one Twilio called (`PEACEOPS_PUBLIC_URL` + the path when PeaceOps sits
  behind a proxy).
- RapidPro/TextIt: its "Call webhook" action sends the headers the flow sets; the flow sends
  `Authorization: Token <shared secret>` (or `X-PeaceOps-Secret: <shared secret>`), compared in constant time.
- Plain JSON: `X-PeaceOps-Signature` is hex(HMAC-SHA256(shared secret, the raw body)), optionally prefixed
  `sha256=`.

Each check answers None when the post is genuine and the reason otherwise (for the 403 and the log).
"""

import base64
import hashlib
import hmac

from django.conf import settings

from .choices import GatewayKind


def twilio_signature(secret: str, url: str, params: dict[str, str]) -> str:
    """The signature Twilio sends for a post of `params` to `url`."""
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def json_signature(secret: str, body: bytes) -> str:
    """The `X-PeaceOps-Signature` of a plain JSON body."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def called_url(request) -> str:
    """The URL the gateway called, as it saw it."""
    public = getattr(settings, "PEACEOPS_PUBLIC_URL", "")
    if public:
        return public.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()


def refusal(gateway, request) -> str | None:
    """None when the request carries the gateway's valid signature, else why not."""
    if not gateway.secret:
        return "the gateway has no shared secret: nothing it posts can be verified"
    if gateway.kind == GatewayKind.TWILIO:
        given = request.headers.get("X-Twilio-Signature")
        if not given:
            return "missing X-Twilio-Signature"
        params = {name: request.POST.get(name) for name in request.POST}
        expected = twilio_signature(gateway.secret, called_url(request), params)
        return None if hmac.compare_digest(given, expected) else "bad X-Twilio-Signature"
    if gateway.kind == GatewayKind.RAPIDPRO:
        given = request.headers.get("X-PeaceOps-Secret")
        authorization = request.headers.get("Authorization", "")
        if given is None and authorization.startswith("Token "):
            given = authorization[len("Token "):].strip()
        if not given:
            return "missing Authorization: Token <secret> (or X-PeaceOps-Secret)"
        return None if hmac.compare_digest(given.encode(), gateway.secret.encode()) else "bad shared secret"
    if gateway.kind == GatewayKind.JSON:
        given = request.headers.get("X-PeaceOps-Signature", "")
        if not given:
            return "missing X-PeaceOps-Signature"
        given = given.removeprefix("sha256=")
        return None if hmac.compare_digest(given, json_signature(gateway.secret, request.body)) \
            else "bad X-PeaceOps-Signature"
    return f"a {gateway.kind} gateway receives nothing over HTTP"

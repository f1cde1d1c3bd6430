"""API authentication: `Authorization: Bearer <token>` for machines, the session cookie for pages.

A request carrying a bearer token is judged by the token alone (no CSRF: a token is not sent by browsers on
their own). Otherwise the signed-in session is used, and unsafe methods must carry the CSRF token. A request
with neither answers 401.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from peaceops.core.models import ApiToken

#: How stale `last_used_at` may get before a request refreshes it (so most requests write nothing).
LAST_USED_GRANULARITY = dt.timedelta(minutes=5)


class BearerOrSession:
    """Accept a valid bearer token, else a signed-in session (CSRF-checked for unsafe methods)."""

    csrf = True  # tells ninja's docs page to send the CSRF token with "try it out" requests
    openapi_security_schema = {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <token>` (create one with `peaceops create-token USER`); "
        "pages use the session cookie plus the CSRF token instead.",
    }

    def __init__(self):
        self._bearer = _Bearer()
        self._session = SessionAuth(csrf=True)

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return self._bearer(request)
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        return self._session(request)


class _Bearer(HttpBearer):
    """The bearer half: the active owner of an unrevoked token, or None (401)."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user

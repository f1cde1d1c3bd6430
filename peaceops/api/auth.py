"""API authentication: `Authorization: Bearer <token>` for machines, the session cookie for pages.

A request carrying a bearer token is judged by the token alone (no CSRF: a token is not sent by browsers on
their own). Otherwise the signed-in session is used, and unsafe methods must carry the CSRF token. A request
with neither answers 401.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from peaceops.core.models import ApiToken

#: Methods that only read; every other method needs a write scope.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

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

    def __init__(self, read_scopes: tuple[str, ...] = (), write_scopes: tuple[str, ...] = ()):
        self._bearer = _Bearer()
        self._session = SessionAuth(csrf=True)
        self.read_scopes, self.write_scopes = tuple(read_scopes), tuple(write_scopes)

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            user = self._bearer(request)
            if user is not None:
                self.check_scope(request, request.api_token)
            return user
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        return self._session(request)

    def check_scope(self, request: HttpRequest, token: ApiToken) -> None:
        """403 unless the token holds a scope this route declares for the request's method.

        Reading needs one of the route's read scopes, changing one of its write scopes (a write scope is never
        a read scope unless the route says so: `scoped("incidents")` does, for its own resource). A route that
        declares no scope for the method refuses every token, `admin` included (fail closed): a route
        mounted without `scoped(...)` is reachable by signed-in sessions only.
        """
        safe = request.method in SAFE_METHODS
        wanted = self.read_scopes if safe else self.write_scopes
        if not wanted:
            raise HttpError(403, "this route accepts no token scope: it may be used from a signed-in session "
                                 "only")
        if not token.has_scope(*wanted):
            raise HttpError(403, f"this token may not {'read' if safe else 'change'} this: it needs the "
                                 f"scope {' or '.join(wanted)} (it has: {token.scopes or 'none'})")


class _Bearer(HttpBearer):
    """The bearer half: the active owner of an unrevoked token, or None (401)."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.revoked:
            raise HttpError(401, f"token {found.prefix}… was revoked")
        if found.is_expired(now):
            raise HttpError(401, f"token {found.prefix}… expired on {found.expires_at:%Y-%m-%d %H:%M} UTC")
        from peaceops.accounts.twofactor import bearer_refusal

        refusal = bearer_refusal(found)
        if refusal:
            raise HttpError(403, refusal)
        request.api_token = found
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user

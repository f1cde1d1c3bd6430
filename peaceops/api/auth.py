"""API authentication: `Authorization: Bearer <token>` for machines, the session cookie for pages."""

from ninja.security import HttpBearer, SessionAuth

from peaceops.core.services import user_for_token


class BearerOrSession:
    """Accept a valid bearer token, else a signed-in session (CSRF-checked for unsafe methods)."""

    def __init__(self):
        self._bearer = _Bearer()
        self._session = SessionAuth(csrf=True)

    def __call__(self, request):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return self._bearer(request)
        return self._session(request)


class _Bearer(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user

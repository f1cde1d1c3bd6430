"""TwoFactorMiddleware: a signed-in session that still owes a second factor reaches only the pages that settle it.

After the password, a user with a confirmed device is sent to the code page; a user who must enrol (see
`twofactor`) to the enrolment page. API calls of such a session answer 403 JSON; a bearer token is judged by
the API's own authentication. Sessions made before this middleware existed are assessed once, then remembered.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor

#: Paths a session owing a second factor may still reach (besides the two pages themselves).
_OPEN_PREFIXES = ("/static/", "/i18n/", "/accounts/logout/", "/accounts/login/", "/favicon",
                  "/sw.js", "/offline/",  # the service worker and its offline page: no user data
                  "/report/")  # community alerts' public pages: nobody's data, no sign-in needed


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        state = request.session.get(twofactor.SESSION_KEY)
        if state is None:
            state = twofactor.state_for(user)
            request.session[twofactor.SESSION_KEY] = state
        if state == twofactor.OK:
            return self.get_response(request)
        target = reverse("accounts:two-factor-verify" if state == twofactor.VERIFY else "accounts:two-factor")
        path = request.path
        if path == target or path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        if path.startswith("/api/"):
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                return self.get_response(request)
            return JsonResponse({"detail": "second factor required: finish signing in on "
                                           f"{target} before using the API with this session"}, status=403)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

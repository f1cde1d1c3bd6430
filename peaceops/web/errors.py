"""The platform's error pages: 403, 404 and 500 in its own layout, saying in plain words why and where to go next.

Under /api/ the same errors stay JSON ({"detail": ...}, as peaceops.api.errors answers them).

A 404 says the same for a record that does not exist and for one that is not shared with the reader: its page
is rendered from nothing but the request (never the exception's text, which may name the query), so a hidden
record answers exactly as a missing id does. A 403 shows its reason, which the code raising it writes for the
user (e.g. "You may not report incidents in this mission.").
"""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _api(request) -> bool:
    return request.path.startswith("/api/")


@requires_csrf_token
def forbidden(request, exception=None):
    """403: not allowed, with the reason given by the code that refused (handler403)."""
    reason = str(exception or "").strip()
    if _api(request):
        return JsonResponse({"detail": reason or "forbidden"}, status=403)
    return render(request, "web/forbidden.html", {"reason": reason}, status=403)


@requires_csrf_token
def not_found(request, exception=None):
    """404: no such page or record, or one not shared with the reader; the two are not told apart (handler404)."""
    if _api(request):
        return JsonResponse({"detail": "not found"}, status=404)
    return render(request, "web/not_found.html", status=404)


@requires_csrf_token
def server_error(request):
    """500: rendered without the request's context (the database may be what failed) (handler500)."""
    if _api(request):
        return JsonResponse({"detail": "server error"}, status=500)
    body = loader.get_template("web/server_error.html").render({})
    return HttpResponseServerError(body)

"""Request limits: a body or upload larger than allowed is refused with 413 before anything reads it, and a
NUL character in a query parameter or an API body is refused naming the field.

- a form or JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE (PEACEOPS_MAX_BODY_BYTES, default 2.5 MB);
- a multipart upload (files included) over PEACEOPS_MAX_UPLOAD_BYTES (default 25 MB).

The API (/api/...) answers JSON `{"detail": ..., "field": "body"}`; pages answer the "Too large" page.
Django itself raises RequestDataTooBig only once something reads the body, and answers it 400; this
middleware checks the declared Content-Length first, parses a multipart POST itself (its text fields count
against the body limit), and turns a RequestDataTooBig a view raises later into the same 413.
"""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def body_limit(content_type: str) -> int | None:
    """The largest body allowed for this content type, in bytes (None: no limit)."""
    if content_type.startswith("multipart/form-data"):
        return getattr(settings, "PEACEOPS_MAX_UPLOAD_BYTES", None)
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large(request, limit: int | None):
    """The 413 answer: JSON for the API, a page for people."""
    size = f"{limit:,} bytes" if limit else _("the allowed size")
    message = _("The request is larger than %(size)s.") % {"size": size}
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": f"body: {message}", "field": "body"}, status=413)
    return render(request, "web/too_large.html", {"message": message}, status=413)


class RequestSizeLimitMiddleware:
    """Refuse over-large bodies and uploads with 413 (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return too_large(request, limit)
        if request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
            try:  # parse now (the CSRF check would anyway): its text fields count against the body limit
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request, body_limit(request.META.get("CONTENT_TYPE", "")))
        return None


def _nul_path(value, path: str = "") -> str | None:
    """The dotted path of the first string holding a NUL character in a parsed JSON value, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _nul_path(item, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


class NulCharacterMiddleware:
    """Refuse a NUL character in a query parameter or an API JSON body, naming the field (400 for pages,
    422 for the API): no text PeaceOps keeps may hold one, and PostgreSQL cannot store one at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = next((key for key, values in request.GET.lists()
                      if "\x00" in key or any("\x00" in v for v in values)), None)
        is_api = request.path.startswith(API_PREFIX)
        if field is None and is_api and request.META.get("CONTENT_TYPE", "").startswith("application/json"):
            body = request.body
            if b"\\u0000" in body.lower() or b"\x00" in body:
                try:
                    field = _nul_path(json.loads(body)) or "body"
                except ValueError:
                    field = "body"
        if field is None:
            return self.get_response(request)
        field = field.replace("\x00", "")
        message = _("%(field)s: must not contain a NUL character") % {"field": field}
        if is_api:
            return JsonResponse({"detail": message, "field": field}, status=422)
        return JsonResponse({"field": field, "message": message}, status=400)

"""API errors as JSON with a clear message naming the field: {"detail": "...", "field": "..."}.

- 401: no valid bearer token and no signed-in session;
- 403: signed in but not allowed (PermissionDenied from a service), or a session request without CSRF token;
- 404: no such record, or one the caller may not see (never 403, which would reveal that it exists);
- 409: a source id that must be unique within the owning organisation's incidents of the mission (external_id,
  ucdp_id, acled_id) is already taken (it never concerns another organisation's, possibly hidden, incidents);
- 422: input that cannot be used: schema validation, text holding a lone UTF-16 surrogate (parser.py), a domain
  rule (`core.kit.errors.FieldError`, of every record type), a bad filter (FilterError); `field` names the offending field or parameter and
  `errors` lists every schema problem.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied

from .parser import UnencodableText

#: Fields unique within an organisation's incidents of a mission, recognised in the constraint message.
_UNIQUE_FIELDS = ("external_id", "ucdp_id", "acled_id")

#: Locations pydantic and ninja put before the field name itself.
_CONTAINERS = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "data", "filters"}


def field_of(loc) -> str:
    """The dotted field name of a pydantic error location, e.g. ("body", "payload", "casualties", 0, "group")
    -> "casualties.0.group"."""
    parts = list(loc)
    while parts and str(parts[0]) in _CONTAINERS:
        parts.pop(0)
    return ".".join(str(p) for p in parts)


def _message(error: dict) -> str:
    message = error.get("msg", "invalid")
    if error.get("type") == "extra_forbidden":
        return "is not a field of this request"
    if error.get("type") == "missing":
        return "is required"
    return message


def install_error_handlers(api) -> None:
    """Map validation, domain and permission errors to 4xx JSON answers."""

    def answer(request, status: int, detail: str, field: str | None = None, **extra):
        body = {"detail": detail}
        if field is not None:
            body["field"] = field
        body.update(extra)
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        errors = [{"field": field_of(e.get("loc", [])), "message": _message(e)} for e in exc.errors]
        first = errors[0] if errors else {"field": "", "message": "invalid input"}
        detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return answer(request, 422, detail, first["field"], errors=errors)

    @api.exception_handler(FieldError)
    def domain_error(request, exc):
        return answer(request, 422, str(exc), exc.field)

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc):
        fields = list(getattr(exc, "error_dict", {}) or [])
        return answer(request, 422, "; ".join(exc.messages), fields[0] if fields else "")

    @api.exception_handler(IntegrityError)
    def conflict(request, exc):
        field = next((name for name in _UNIQUE_FIELDS if name in str(exc)), "")
        detail = (f"{field}: another incident of the same organisation in this mission already has this value"
                  if field else "conflicts with an existing record")
        return answer(request, 409, detail, field)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return answer(request, 403, str(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return answer(request, 401, "authentication required: sign in or send 'Authorization: Bearer <token>'")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, 404, str(exc) or "not found")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc.__cause__, UnencodableText):  # ninja wraps every body parser error in a 400
            return answer(request, 422, str(exc.__cause__), exc.__cause__.field)
        return answer(request, exc.status_code, str(exc))

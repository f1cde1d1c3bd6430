"""API errors as JSON with a clear message naming the field: {"detail": "...", "field": "..."}."""

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja.errors import AuthenticationError, ValidationError

from peaceops.core.services import PermissionDenied
from peaceops.incidents.inputs import IncidentDataError


def _field_of(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts)


def install_error_handlers(api) -> None:
    """Map validation, domain and permission errors to 4xx JSON answers."""

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        errors = [
            {"field": _field_of(e.get("loc", [])), "message": e.get("msg", "invalid")} for e in exc.errors
        ]
        first = errors[0] if errors else {"field": "", "message": "invalid input"}
        detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return api.create_response(request, {"detail": detail, "field": first["field"], "errors": errors},
                                   status=422)

    @api.exception_handler(IncidentDataError)
    def domain_error(request, exc):
        return api.create_response(request, {"detail": str(exc), "field": exc.field}, status=422)

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc):
        return api.create_response(request, {"detail": "; ".join(exc.messages), "field": ""}, status=422)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, {"detail": "authentication required: sign in or send 'Authorization: Bearer <token>'"},
            status=401,
        )

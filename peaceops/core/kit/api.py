"""The router factory: a record type's JSON API from its model, schemas, FilterSet and service.

    router = record_router(RecordApi(service=SiteService(), filterset=SiteFilter, children={"years": SiteYearIO}),
                           auth=scoped("sites"))

gives list (keyset pagination, the FilterSet's filters), detail, create, update, delete, history and releases.
Every read starts from `Model.objects.visible_to(request.auth)`; a record the caller may not see answers 404,
exactly like one that does not exist; every write goes through the service. `install_field_errors(api)` makes
`FieldError` a 422 naming the field.

A need-to-know record type (`need_to_know = True`) also gets `POST /break-glass` and `GET/POST/DELETE
/{id}/assignments` (`add_need_to_know_routes`, or a router of only those: `need_to_know_router`); they go through
`peaceops.core.assignments`, and a record one may not see answers 404 like one that does not exist.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest
from ninja import Path, Router, Schema, Status
from ninja.errors import HttpError

from peaceops.core.dates import SupportedDateTime
from peaceops.core.models import Mission, Organisation

from .errors import FieldError
from .history import history_of, withheld_fields
from .pagination import DEFAULT_LIMIT, keyset_page
from .schemas import record_detail, record_schemas
from .sealing import shown


class RecordErrorOut(Schema):
    detail: str
    field: str | None = None


class RecordWritten(Schema):
    """Answer to a write whose result the caller may not see (its classification or releases)."""

    id: uuid.UUID
    visible: bool = False
    detail: str


class RecordReleaseOut(Schema):
    organisation: str
    granted_at: dt.datetime | None = None
    granted_by: str | None = None
    expires_at: dt.datetime | None = None
    via_group: str = ""


class RecordReleaseIn(Schema):
    organisation: str
    expires_at: SupportedDateTime | None = None
    reason: str = ""


class RecordChangeOut(Schema):
    id: int
    time: dt.datetime
    action: str
    actor: str
    request_id: str
    reason: str
    changed_fields: list[str]
    before_hidden: bool
    after_hidden: bool
    before: dict | None = None
    after: dict | None = None


class RecordHistoryOut(Schema):
    record_id: uuid.UUID
    entries: list[RecordChangeOut]


#: The kit's schema names start with "Record": OpenAPI components are named by class, and a record type's
#: own schemas (incidents' ErrorOut, HistoryOut...) must not be taken for them.
ERRORS = {401: RecordErrorOut, 403: RecordErrorOut, 404: RecordErrorOut, 422: RecordErrorOut}


@dataclass
class RecordApi:
    """What the factory needs from a record type: its service and FilterSet, the schemas of its children (the
    rest is made from the model: `schemas.record_schemas`), the list's order key and what to prefetch."""

    service: object
    filterset: type
    children: dict = field(default_factory=dict)
    key: str = "name"
    related: tuple[str, ...] = ("mission", "owner")
    prefetch: tuple = field(default_factory=tuple)

    def __post_init__(self):
        self.model = self.service.model
        self.detail, self.create, self.patch = record_schemas(self.service, children=self.children)

    def detail_of(self, record) -> dict:
        return record_detail(self.service, record)


def install_field_errors(api) -> None:
    """Answer `FieldError` with 422 {"detail", "field"}."""

    @api.exception_handler(FieldError)
    def field_error(request, exc):
        return api.create_response(request, {"detail": str(exc), "field": exc.field}, status=422)


def record_router(spec: RecordApi, *, auth, tags=None) -> Router:
    """The record type's router (mount it under its plural name, e.g. /sites)."""
    model, service = spec.model, spec.service
    name = model._meta.model_name
    one_path = "/{" + name + "_id}"  # e.g. /{site_id}, as incidents name theirs /{incident_id}
    RecordId = Path(..., alias=f"{name}_id")  # noqa: N806
    router = Router(tags=tags or [model._meta.verbose_name_plural], auth=auth)
    Page = type(f"{model.__name__}Page", (Schema,), {  # noqa: N806 - a schema class
        "__annotations__": {"items": list[spec.detail], "next_cursor": str | None, "count": int | None},
        "next_cursor": None, "count": None})

    def visible(request):
        return model.objects.visible_to(request.auth)

    def queryset(request):
        return (visible(request).select_related(*spec.related)
                .prefetch_related(model.releases_in_force_prefetch(), *spec.prefetch))

    def not_found(record_id):
        return HttpError(404, f"no {model._meta.verbose_name} {record_id} (or you may not see it)")

    def detail_for(request, record) -> dict:
        detail = spec.detail_of(record)
        for withheld in withheld_fields(request.auth, record):
            detail[withheld] = None
        return detail

    def one(request, record_id):
        record = queryset(request).filter(pk=record_id).first()
        if record is None:
            raise not_found(record_id)
        return record

    def written(request, record_id):
        record = queryset(request).filter(pk=record_id).first()
        if record is None:
            return {"id": record_id, "visible": False,
                    "detail": "recorded; its classification or releasability does not let you see it"}
        return detail_for(request, record)

    @router.get("", response={200: Page, **ERRORS}, operation_id=f"{name}_list",
                summary=f"List {model._meta.verbose_name_plural}")
    def list_records(request: HttpRequest, limit: int = DEFAULT_LIMIT, cursor: str | None = None,
                     count: bool = False):
        """A page of the records you may see; the record type's filters are query parameters (see docs);
        follow next_cursor for the next page."""
        filters = spec.filterset(request.GET, queryset=queryset(request), request=request)
        if not filters.is_valid():
            name_, errors = next(iter(filters.errors.items()))
            raise FieldError(name_, "; ".join(errors))
        rows, next_cursor = keyset_page(filters.qs, key=spec.key, limit=limit, cursor=cursor)
        shown(request.auth, rows, via="api-list")
        page = {"items": [detail_for(request, r) for r in rows], "next_cursor": next_cursor}
        if count:
            page["count"] = filters.qs.count()
        return page

    @router.post("", response={201: spec.detail | RecordWritten, **ERRORS}, operation_id=f"{name}_create",
                 summary=f"Record a {model._meta.verbose_name}")
    def create(request: HttpRequest, payload: spec.create):
        data = payload.model_dump(exclude_unset=True)
        mission_code, owner_code, reason = data.pop("mission"), data.pop("owner", None), data.pop("reason", "")
        mission = Mission.objects.filter(code=mission_code).first()
        if mission is None:
            raise FieldError("mission", f"no mission has code {mission_code!r}")
        owner = None
        if owner_code:
            owner = Organisation.objects.filter(code=owner_code).first()
            if owner is None:
                raise FieldError("owner", f"no organisation has code {owner_code!r}")
        record = service.create(acting_user=request.auth, mission=mission, owner=owner, data=data, reason=reason)
        return Status(201, written(request, record.pk))

    @router.get(one_path, response={200: spec.detail, **ERRORS}, operation_id=f"{name}_detail",
                summary=f"One {model._meta.verbose_name}")
    def detail(request: HttpRequest, record_id: uuid.UUID = RecordId):
        record = one(request, record_id)
        shown(request.auth, [record], via="api", detail=True)
        return detail_for(request, record)

    @router.patch(one_path, response={200: spec.detail | RecordWritten, **ERRORS}, operation_id=f"{name}_update",
                  summary=f"Change some fields of a {model._meta.verbose_name}")
    def update(request: HttpRequest, payload: spec.patch, record_id: uuid.UUID = RecordId):
        changes = payload.model_dump(exclude_unset=True)
        reason = changes.pop("reason", "")
        service.update(one(request, record_id), acting_user=request.auth, changes=changes, reason=reason)
        return written(request, record_id)

    @router.delete(one_path, response={204: None, **ERRORS}, operation_id=f"{name}_delete",
                   summary=f"Delete a {model._meta.verbose_name}")
    def delete(request: HttpRequest, record_id: uuid.UUID = RecordId, reason: str = ""):
        service.delete(one(request, record_id), acting_user=request.auth, reason=reason)
        return Status(204, None)

    @router.get(one_path + "/history", response={200: RecordHistoryOut, **ERRORS}, operation_id=f"{name}_history",
                summary=f"Change history of a {model._meta.verbose_name}")
    def history(request: HttpRequest, record_id: uuid.UUID = RecordId):
        """Every create, update and delete, oldest first; a version you could not read when it was written is
        left out (`before_hidden` / `after_hidden`). A deleted record's history: superusers only."""
        record = visible(request).filter(pk=record_id).first()
        changes = history_of(model, record_id, request.auth, record)
        if changes is None:
            raise not_found(record_id)
        return {"record_id": record_id, "entries": [c.as_dict() for c in changes]}

    @router.get(one_path + "/releases", response={200: list[RecordReleaseOut], **ERRORS},
                operation_id=f"{name}_releases", summary="Organisations the record is released to")
    def releases(request: HttpRequest, record_id: uuid.UUID = RecordId):
        return _releases(one(request, record_id))

    @router.post(one_path + "/releases", response={201: list[RecordReleaseOut], **ERRORS},
                 operation_id=f"{name}_release", summary="Release the record to an organisation")
    def release(request: HttpRequest, payload: RecordReleaseIn, record_id: uuid.UUID = RecordId):
        record = one(request, record_id)
        service.release(record, acting_user=request.auth, organisation=_organisation(payload.organisation),
                        expires_at=payload.expires_at, reason=payload.reason)
        return Status(201, _releases(record))

    @router.delete(one_path + "/releases", response={204: None, **ERRORS}, operation_id=f"{name}_withdraw",
                   summary="Withdraw the release to an organisation")
    def withdraw(request: HttpRequest, organisation: str, record_id: uuid.UUID = RecordId, reason: str = ""):
        service.release(one(request, record_id), acting_user=request.auth, organisation=_organisation(organisation),
                        withdraw=True, reason=reason)
        return Status(204, None)

    if getattr(model, "need_to_know", False):
        add_need_to_know_routes(router, model)
    return router


def _organisation(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise FieldError("organisation", f"no organisation has code {code!r}")
    return organisation


def _releases(record) -> list[dict]:
    release = record.release_model()
    rows = (release.objects.filter(release.in_force(), **{record._meta.model_name: record})
            .select_related("organisation", "granted_by").order_by("organisation__code"))
    return [{"organisation": r.organisation.code, "granted_at": r.granted_at, "expires_at": r.expires_at,
             "granted_by": r.granted_by.username if r.granted_by else None, "via_group": r.via_group} for r in rows]


# --- need-to-know record types --------------------------------------------------------------------------------

class RecordBreakGlassIn(Schema):
    record: uuid.UUID
    reason: str


class RecordBreakGlassOut(Schema):
    record: uuid.UUID
    started_at: dt.datetime
    ends_at: dt.datetime
    reason: str


class RecordAssignmentIn(Schema):
    username: str
    reason: str


class RecordAssignmentOut(Schema):
    username: str
    assigned_by: str | None = None
    assigned_at: dt.datetime
    reason: str


def need_to_know_router(model, *, auth, tags=None) -> Router:
    """A router of only the need-to-know routes of `model` (for a need-to-know type without the kit's other
    routes); mount it under the record type's plural name."""
    router = Router(tags=tags or [model._meta.verbose_name_plural], auth=auth)
    add_need_to_know_routes(router, model)
    return router


def add_need_to_know_routes(router: Router, model) -> None:
    """Break glass and assignments for a need-to-know record type (see the module docstring)."""
    from django.contrib.auth import get_user_model

    from peaceops.core import assignments as need_to_know
    from peaceops.core.access import access_profile
    from peaceops.core.permissions import record_code
    from peaceops.core.services import PermissionDenied

    name = model._meta.model_name
    one_path = "/{" + name + "_id}"
    RecordId = Path(..., alias=f"{name}_id")  # noqa: N806

    def assignment_error(error) -> FieldError:
        field_name, _sep, message = str(error).partition(": ")
        return FieldError(field_name, message or str(error))

    def assignable(request, record_id):
        record = model.objects.visible_to(request.auth).filter(pk=record_id).first()
        if record is None:
            raise HttpError(404, f"no {model._meta.verbose_name} {record_id} (or you may not see it)")
        if not access_profile(request.auth).has_perm(record.mission_id, record_code(model, "assign")):
            raise HttpError(403, f"you may not assign users to this {model._meta.verbose_name} "
                                 f"(needs {record_code(model, 'assign')})")
        return record

    def user_named(username):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise FieldError("username", f"no active user is named {username!r}")
        return user

    def rows(record) -> list[dict]:
        return [{"username": a.user.username, "assigned_by": getattr(a.assigned_by, "username", None),
                 "assigned_at": a.assigned_at, "reason": a.reason}
                for a in need_to_know.assignments_of(record).order_by("user__username")]

    @router.post("/break-glass", response={201: RecordBreakGlassOut, **ERRORS}, operation_id=f"{name}_break_glass",
                 summary=f"Open a {model._meta.verbose_name} in an emergency, with a reason (logged, sealed)")
    def break_glass(request: HttpRequest, payload: RecordBreakGlassIn):
        try:
            access = need_to_know.break_glass(model, payload.record, acting_user=request.auth,
                                              reason=payload.reason)
        except PermissionDenied:
            raise HttpError(404, f"no {model._meta.verbose_name} {payload.record} (or you may not open it)") from None
        except need_to_know.AssignmentError as error:
            raise assignment_error(error) from None
        return Status(201, {"record": payload.record, "started_at": access.started_at, "ends_at": access.ends_at,
                            "reason": access.reason})

    @router.get(one_path + "/assignments", response={200: list[RecordAssignmentOut], **ERRORS},
                operation_id=f"{name}_assignments", summary="Users assigned to the record")
    def assignments(request: HttpRequest, record_id: uuid.UUID = RecordId):
        return rows(assignable(request, record_id))

    @router.post(one_path + "/assignments", response={201: list[RecordAssignmentOut], **ERRORS},
                 operation_id=f"{name}_assign", summary="Assign a user to the record, with a reason")
    def assign(request: HttpRequest, payload: RecordAssignmentIn, record_id: uuid.UUID = RecordId):
        record = assignable(request, record_id)
        try:
            need_to_know.assign(record, user=user_named(payload.username), acting_user=request.auth,
                                reason=payload.reason)
        except need_to_know.AssignmentError as error:
            raise assignment_error(error) from None
        return Status(201, rows(record))

    @router.delete(one_path + "/assignments", response={204: None, **ERRORS}, operation_id=f"{name}_unassign",
                   summary="Remove a user's assignment to the record, with a reason")
    def unassign(request: HttpRequest, username: str, reason: str = "", record_id: uuid.UUID = RecordId):
        record = assignable(request, record_id)
        try:
            need_to_know.unassign(record, user=user_named(username), acting_user=request.auth, reason=reason)
        except need_to_know.AssignmentError as error:
            raise assignment_error(error) from None
        return Status(204, None)

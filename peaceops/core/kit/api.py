"""The router factory: a record type's JSON API from its model, schemas, FilterSet and service.

    router = record_router(RecordApi(service=SiteService(), filterset=SiteFilter, children={"years": SiteYearIO}),
                           auth=scoped("sites"))

gives list (keyset pagination, the FilterSet's filters), detail, create, update, delete, history and releases.
Every read starts from `Model.objects.visible_to(request.auth)`; a record the caller may not see answers 404,
exactly like one that does not exist; every write goes through the service. `install_field_errors(api)` makes
`FieldError` a 422 naming the field. A create sent with an `Idempotency-Key` header is made once
(`idempotency.once`): sent again, it answers the first one's record (`Idempotent-Replayed: true`).

A record type that needs more than the model can say subclasses `RecordApi` and overrides its hooks (incidents
do: `peaceops/incidents/api.py`): its own list, detail and input schemas, its filter parameters as a documented
query schema (`filters`), list rows read as dicts of a few columns (`page`), redaction of what a reader may not
receive (`detail_for`), how a write reaches its service (`create_record`, `update_record`, `delete_record`), its
history, and routes of its own (`extra_routes`, e.g. `/aggregate`). A write whose result the caller may not see
answers `RecordWritten` (the id, and why no detail follows).

Every record type also gets its attachments (`add_attachment_routes`, unless `attachments=False`): `GET` and
`POST /{id}/attachments` (the list; multipart upload of `files`, with the write scope), `GET
/{id}/attachments/{attachment_id}` (the original) and `.../thumbnail`, and `DELETE` with a reason, through
`core.kit.attachments` and the record service (`attach`, `detach`). A record one may not see, or whose
attachments are withheld from its reader (redacted partners), answers 404 for each file, and its list is empty
with `withheld: true`.

A need-to-know record type (`need_to_know = True`) also gets `POST /break-glass` and `GET/POST/DELETE
/{id}/assignments` (`add_need_to_know_routes`, or a router of only those: `need_to_know_router`); they go through
`peaceops.core.assignments`, and a record one may not see answers 404 like one that does not exist.
"""

import datetime as dt
import inspect
import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from peaceops.core.dates import SupportedDateTime
from peaceops.core.models import Mission, Organisation

from . import attachments as attached
from .conflicts import RecordEditFields, api_base, edit_fields_for, register, save_edit, version_of
from .errors import FieldError
from .history import history_of, withheld_fields
from .idempotency import once, submission_key
from .pagination import DEFAULT_LIMIT, keyset_page
from .personal import personal_view
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


class RecordConflictOut(Schema):
    """Answer (409) to a PATCH made from a version that changed meanwhile in the same fields: nothing was
    written; the edit waits as an edit conflict (`conflict`, its page at `url`) for a choice per field."""

    detail: str
    conflict: int
    fields: list[str]
    url: str


class EditConflicted(Exception):
    """A PATCH that became an edit conflict (answered 409 by `install_field_errors`' handler)."""

    def __init__(self, conflict):
        super().__init__(f"edit conflict {conflict.pk}")
        self.conflict = conflict


class RecordHistoryOut(Schema):
    record_id: uuid.UUID
    entries: list[RecordChangeOut]


#: The kit's schema names start with "Record": OpenAPI components are named by class, and a record type's
#: own schemas (incidents' ErrorOut, HistoryOut...) must not be taken for them.
#: The header of a record's detail and of a PATCH's answer naming the record's version (`base_version`).
VERSION_HEADER = "X-Record-Version"
ERRORS = {401: RecordErrorOut, 403: RecordErrorOut, 404: RecordErrorOut, 422: RecordErrorOut}


@dataclass
class RecordApi:
    """What the factory needs from a record type: its service and FilterSet, the schemas of its children (the
    rest is made from the model: `schemas.record_schemas`), the list's order key and what to prefetch.

    The methods below are the hooks a record type may override (see the module docstring); the defaults serve
    a kit record type whole. `releases=False` leaves the release routes to another router (incidents' are the
    sharing app's); `docs` gives a route ("list", "create", ...) its own (summary, description)."""

    service: object = None
    filterset: type | None = None
    children: dict = field(default_factory=dict)
    key: str = "name"
    related: tuple[str, ...] = ("mission", "owner")
    prefetch: tuple = field(default_factory=tuple)
    model: type | None = None
    detail: type | None = None
    create: type | None = None
    patch: type | None = None
    page_schema: type | None = None
    history_schema: type = None
    #: A schema of the list's filter parameters (documented in OpenAPI), given to `filter` as a dict; None:
    #: the FilterSet reads the query string.
    filters: type | None = None
    releases: bool = True
    #: The attachment routes (`/{id}/attachments`...): on for every record type unless turned off.
    attachments: bool = True
    docs: dict = field(default_factory=dict)

    def __post_init__(self):
        self.model = self.model or self.service.model
        if self.detail is None or self.create is None or self.patch is None:
            detail, create, patch = record_schemas(self.service, children=self.children)
            self.detail, self.create, self.patch = self.detail or detail, self.create or create, self.patch or patch
        if self.page_schema is None:
            self.page_schema = type(f"{self.model.__name__}Page", (Schema,), {
                "__annotations__": {"items": list[self.detail], "next_cursor": str | None, "count": int | None},
                "next_cursor": None, "count": None})
        self.history_schema = self.history_schema or RecordHistoryOut

    # --- reads -----------------------------------------------------------------------------------------------
    def visible(self, request):
        return self.model.objects.visible_to(request.auth)

    def queryset(self, request):
        """What the detail (and the default list) reads, relations included."""
        return (self.visible(request).select_related(*self.related)
                .prefetch_related(self.model.releases_in_force_prefetch(), *self.prefetch))

    def filter(self, request, params: dict | None):
        """The list's rows: the visible records the filters keep (`params`: the `filters` schema's values, or
        None to read the query string); raise `FieldError` naming a bad parameter."""
        filters = self.filterset(request.GET if params is None else params, queryset=self.queryset(request),
                                 request=request)
        if not filters.is_valid():
            name, errors = next(iter(filters.errors.items()))
            raise FieldError(name, "; ".join(errors))
        return filters.qs

    def page(self, request, queryset, *, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
        """One page of list items (keyset order on `key`), sealed as shown, and the next page's cursor."""
        rows, next_cursor = keyset_page(queryset, key=self.key, limit=limit, cursor=cursor)
        shown(request.auth, rows, via="api-list")
        return [self.detail_for(request, r) for r in rows], next_cursor

    def detail_of(self, record) -> dict:
        return record_detail(self.service, record)

    def detail_for(self, request, record) -> dict:
        """The record's detail as this caller may receive it (the fields withheld from them blanked, the personal
        fields they may not see masked: `core.kit.personal`)."""
        detail = self.detail_of(record)
        for withheld in withheld_fields(request.auth, record):
            detail[withheld] = None
        return personal_view(request.auth, record, detail)

    def seal_detail(self, request, record) -> None:
        shown(request.auth, [record], via="api", detail=True)

    def history(self, request, record_id) -> dict | None:
        """The record's history as the caller may see it (`history_schema`), None when they may not."""
        record = self.visible(request).filter(pk=record_id).first()
        changes = history_of(self.model, record_id, request.auth, record)
        if changes is None:
            return None
        return {"record_id": record_id, "entries": [c.as_dict() for c in changes]}

    # --- writes ----------------------------------------------------------------------------------------------
    def editable(self, request, record_id):
        """The record a write is about (None when the caller may not see it)."""
        return self.queryset(request).filter(pk=record_id).first()

    def create_record(self, request, payload):
        """Create the record `payload` describes through the service; its id."""
        data = payload.model_dump(exclude_unset=True)
        mission, owner, reason = data.pop("mission"), data.pop("owner", None), data.pop("reason", "")
        mission, owner = mission_of(mission), organisation_of(owner, "owner") if owner else None
        return self.service.create(acting_user=request.auth, mission=mission, owner=owner, data=data,
                                   reason=reason).pk

    def update_record(self, request, record, payload) -> None:
        changes = payload.model_dump(exclude_unset=True)
        reason, base_version = changes.pop("reason", ""), changes.pop("base_version", None)
        self.save_changes(request, record, changes, reason=reason, base_version=base_version)

    def save_changes(self, request, record, changes: dict, *, reason: str, base_version=None, always=()) -> None:
        """Write a PATCH's changes through the record type's `EditFields` (`core.kit.conflicts`): as given
        without `base_version`; made from an older version, merged with the changes made meanwhile, or, when
        a field was changed both ways, kept as an edit conflict (`EditConflicted`: 409)."""
        edits = edit_fields_for(f"{self.model._meta.app_label}.{self.model._meta.model_name}")
        if edits is None:
            edits = register(RecordEditFields(self.service, (*self.service.fields, "classification",
                                                             "releasable_to", *self.service.children), ""))
        base = api_base(record, edits, base_version) if base_version not in (None, "") else None
        outcome = save_edit(edits, record, acting_user=request.auth, changes=changes, reason=reason, base=base,
                            always=always)
        if outcome.state == "conflict":
            raise EditConflicted(outcome.conflict)

    def delete_record(self, request, record, reason: str) -> None:
        self.service.delete(record, acting_user=request.auth, reason=reason)

    def extra_routes(self, router: Router) -> None:
        """Routes of the record type's own, added after the list and before the `/{id}` routes."""

    def doc(self, route: str, summary: str) -> dict:
        summary, description = self.docs.get(route, (summary, None))
        return {"summary": summary, "description": description} if description else {"summary": summary}


def mission_of(code: str) -> Mission:
    mission = Mission.objects.filter(code=code).first()
    if mission is None:
        raise FieldError("mission", f"no mission has code {code!r}")
    return mission


def organisation_of(code: str, field_name: str = "organisation") -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise FieldError(field_name, f"no organisation has code {code!r}")
    return organisation


def install_field_errors(api) -> None:
    """Answer `FieldError` with 422 {"detail", "field"}."""

    @api.exception_handler(FieldError)
    def field_error(request, exc):
        return api.create_response(request, {"detail": str(exc), "field": exc.field}, status=422)

    @api.exception_handler(EditConflicted)
    def edit_conflicted(request, exc):
        from django.urls import reverse

        conflict = exc.conflict
        return api.create_response(request, {
            "detail": "the record changed meanwhile in the same fields; nothing was written: resolve the edit "
                      "conflict field by field", "conflict": conflict.pk, "fields": sorted(conflict.conflicting),
            "url": reverse("conflicts:detail", args=[conflict.pk])}, status=409)


def _with_filters(view, filters: type | None):
    """`view` whose `filters` parameter is the record type's query schema, or gone when it has none."""
    signature = inspect.signature(view)
    parameters = list(signature.parameters.values())
    if filters is None:
        parameters = [p for p in parameters if p.name != "filters"]
    else:
        parameters = [p.replace(annotation=Query[filters]) if p.name == "filters" else p for p in parameters]
    view.__signature__ = signature.replace(parameters=parameters)
    return view


def record_router(spec: RecordApi, *, auth, tags=None) -> Router:
    """The record type's router (mount it under its plural name, e.g. /sites)."""
    model = spec.model
    name, verbose, plural = model._meta.model_name, model._meta.verbose_name, model._meta.verbose_name_plural
    one_path = "/{" + name + "_id}"  # e.g. /{site_id}, as incidents name theirs /{incident_id}
    RecordId = Path(..., alias=f"{name}_id")  # noqa: N806
    router = Router(tags=tags or [plural], auth=auth)

    def not_found(record_id):
        return HttpError(404, f"no {verbose} {record_id} (or you may not see it)")

    def one(request, record_id):
        record = spec.editable(request, record_id)
        if record is None:
            raise not_found(record_id)
        return record

    def written(request, record_id):
        record = spec.queryset(request).filter(pk=record_id).first()
        if record is None:
            return {"id": record_id, "visible": False,
                    "detail": "recorded; its classification or releasability does not let you see it"}
        return spec.detail_for(request, record)

    def list_records(request: HttpRequest, filters=None, limit: int = DEFAULT_LIMIT, cursor: str | None = None,
                     count: bool = False):
        """A page of the records you may see; the record type's filters are query parameters (see docs);
        follow next_cursor for the next page."""
        queryset = spec.filter(request, None if filters is None else filters.model_dump())
        items, next_cursor = spec.page(request, queryset, limit=limit, cursor=cursor)
        page = {"items": items, "next_cursor": next_cursor}
        if count:
            page["count"] = queryset.count()
        return page

    router.get("", response={200: spec.page_schema, **ERRORS}, operation_id=f"{name}_list",
               **spec.doc("list", f"List {plural}"))(_with_filters(list_records, spec.filters))
    spec.extra_routes(router)
    if getattr(model, "need_to_know", False):  # before /{id}: "/break-glass" would be taken for an id
        add_need_to_know_routes(router, model)

    @router.post("", response={201: spec.detail | RecordWritten, **ERRORS}, operation_id=f"{name}_create",
                 **spec.doc("create", f"Record a {verbose}"))
    def create(request: HttpRequest, payload: spec.create, response: HttpResponse):
        """With an `Idempotency-Key` header (e.g. a UUID), sending the same call again (a retry after a lost
        answer) records nothing more and answers with the record the first call made, marked
        `Idempotent-Replayed: true`."""
        key = submission_key(request, strict=True)
        result = once(request.auth, key, model, lambda: spec.create_record(request, payload))
        if result.repeat:
            response["Idempotent-Replayed"] = "true"
        return Status(201, written(request, uuid.UUID(result.record_id)))

    @router.get(one_path, response={200: spec.detail, **ERRORS}, operation_id=f"{name}_detail",
                **spec.doc("detail", f"One {verbose}"))
    def detail(request: HttpRequest, response: HttpResponse, record_id: uuid.UUID = RecordId):
        record = spec.queryset(request).filter(pk=record_id).first()
        if record is None:
            raise not_found(record_id)
        spec.seal_detail(request, record)
        response[VERSION_HEADER] = version_of(record)  # the base_version of a PATCH made from this
        return spec.detail_for(request, record)

    @router.patch(one_path, response={200: spec.detail | RecordWritten, 409: RecordConflictOut, **ERRORS},
                  operation_id=f"{name}_update", **spec.doc("update", f"Change some fields of a {verbose}"))
    def update(request: HttpRequest, payload: spec.patch, response: HttpResponse, record_id: uuid.UUID = RecordId):
        record = one(request, record_id)
        spec.update_record(request, record, payload)
        response[VERSION_HEADER] = version_of(record)
        return written(request, record_id)

    @router.delete(one_path, response={204: None, **ERRORS}, operation_id=f"{name}_delete",
                   **spec.doc("delete", f"Delete a {verbose}"))
    def delete(request: HttpRequest, record_id: uuid.UUID = RecordId, reason: str = ""):
        spec.delete_record(request, one(request, record_id), reason)
        return Status(204, None)

    @router.get(one_path + "/history", response={200: spec.history_schema, **ERRORS},
                operation_id=f"{name}_history", **spec.doc("history", f"Change history of a {verbose}"))
    def history(request: HttpRequest, record_id: uuid.UUID = RecordId):
        """Every create, update and delete, oldest first; a version you could not read when it was written is
        left out (`before_hidden` / `after_hidden`). A deleted record's history: superusers only."""
        answer = spec.history(request, record_id)
        if answer is None:
            raise not_found(record_id)
        return answer

    if spec.releases:
        add_release_routes(router, spec, one)
    if spec.attachments:
        add_attachment_routes(router, spec, one)
    return router


def add_release_routes(router: Router, spec: RecordApi, one) -> None:
    """GET/POST/DELETE `/{id}/releases`: the organisations a record is released to, through the service."""
    name = spec.model._meta.model_name
    one_path = "/{" + name + "_id}"
    RecordId = Path(..., alias=f"{name}_id")  # noqa: N806

    @router.get(one_path + "/releases", response={200: list[RecordReleaseOut], **ERRORS},
                operation_id=f"{name}_releases", summary="Organisations the record is released to")
    def releases(request: HttpRequest, record_id: uuid.UUID = RecordId):
        return _releases(one(request, record_id))

    @router.post(one_path + "/releases", response={201: list[RecordReleaseOut], **ERRORS},
                 operation_id=f"{name}_release", summary="Release the record to an organisation")
    def release(request: HttpRequest, payload: RecordReleaseIn, record_id: uuid.UUID = RecordId):
        record = one(request, record_id)
        spec.service.release(record, acting_user=request.auth, organisation=organisation_of(payload.organisation),
                             expires_at=payload.expires_at, reason=payload.reason)
        return Status(201, _releases(record))

    @router.delete(one_path + "/releases", response={204: None, **ERRORS}, operation_id=f"{name}_withdraw",
                   summary="Withdraw the release to an organisation")
    def withdraw(request: HttpRequest, organisation: str, record_id: uuid.UUID = RecordId, reason: str = ""):
        spec.service.release(one(request, record_id), acting_user=request.auth,
                             organisation=organisation_of(organisation), withdraw=True, reason=reason)
        return Status(204, None)


def _releases(record) -> list[dict]:
    release = record.release_model()
    rows = (release.objects.filter(release.in_force(), **{record._meta.model_name: record})
            .select_related("organisation", "granted_by").order_by("organisation__code"))
    return [{"organisation": r.organisation.code, "granted_at": r.granted_at, "expires_at": r.expires_at,
             "granted_by": r.granted_by.username if r.granted_by else None, "via_group": r.via_group} for r in rows]


# --- attachments ------------------------------------------------------------------------------------------------

class RecordAttachmentOut(Schema):
    """One file attached to a record: its name, kind, size and SHA-256 (of the original, unchanged bytes)."""

    id: uuid.UUID
    name: str
    content_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    has_thumbnail: bool
    uploaded_by: str | None = None
    uploaded_at: dt.datetime


class RecordAttachmentsOut(Schema):
    items: list[RecordAttachmentOut]
    #: True when the record's attachments are withheld from you (you read it redacted): `items` is empty.
    withheld: bool = False


def _attachment_out(attachment) -> dict:
    return {"id": attachment.pk, "name": attachment.name, "content_type": attachment.content_type,
            "size": attachment.size, "sha256": attachment.sha256, "width": attachment.width,
            "height": attachment.height, "has_thumbnail": bool(attachment.thumbnail),
            "uploaded_by": getattr(attachment.uploaded_by, "username", None), "uploaded_at": attachment.uploaded_at}


def add_attachment_routes(router: Router, spec: RecordApi, one) -> None:
    """GET/POST `/{id}/attachments`, GET `/{id}/attachments/{attachment_id}` (and `/thumbnail`), DELETE: a
    record's files, read through `visible_to` and the reader's redaction, written through the service."""
    model = spec.model
    name, verbose = model._meta.model_name, model._meta.verbose_name
    one_path = "/{" + name + "_id}"
    RecordId = Path(..., alias=f"{name}_id")  # noqa: N806

    def readable(request, record_id, attachment_id):
        found = attached.visible_attachment(request.auth, model, record_id, attachment_id)
        if found is None:
            raise HttpError(404, f"no attachment {attachment_id} of {verbose} {record_id} (or you may not see it)")
        return found

    def served(request, record_id, attachment_id, thumbnail: bool):
        record, attachment = readable(request, record_id, attachment_id)
        response = attached.file_response(request.auth, record, attachment, thumbnail=thumbnail, via="api-attachment")
        if response is None:
            raise HttpError(404, f"attachment {attachment_id} has no {'thumbnail' if thumbnail else 'file'}")
        return response

    @router.get(one_path + "/attachments", response={200: RecordAttachmentsOut, **ERRORS},
                operation_id=f"{name}_attachments", summary=f"Files attached to a {verbose}")
    def attachments(request: HttpRequest, record_id: uuid.UUID = RecordId):
        """The record's photos and files, oldest first; empty with `withheld: true` when you read the record
        redacted (a partner outside the owning organisation)."""
        listed = attached.readable_attachments(request.auth, one(request, record_id))
        if listed is None:
            return {"items": [], "withheld": True}
        return {"items": [_attachment_out(a) for a in listed], "withheld": False}

    @router.post(one_path + "/attachments", response={201: list[RecordAttachmentOut], **ERRORS},
                 operation_id=f"{name}_attach", summary=f"Attach files to a {verbose}")
    def attach(request: HttpRequest, record_id: uuid.UUID = RecordId, files: File[list[UploadedFile]] = None,
               reason: Form[str] = ""):
        """Multipart upload of one or more `files` (JPEG, PNG, WebP photos; PDF documents), kept unchanged
        with their SHA-256; for who may change the record. A file refused (kind, size, the record's limit)
        answers 422 naming it, and none of the files is attached."""
        record = one(request, record_id)
        if not files:
            raise FieldError("files", "choose one or more files to attach")
        added = spec.service.attach(record, files, acting_user=request.auth, reason=reason)
        return Status(201, [_attachment_out(a) for a in added])

    @router.get(one_path + "/attachments/{attachment_id}", response={200: None, **ERRORS},
                operation_id=f"{name}_attachment", summary="One attached file, as it was uploaded")
    def attachment(request: HttpRequest, attachment_id: uuid.UUID, record_id: uuid.UUID = RecordId):
        return served(request, record_id, attachment_id, thumbnail=False)

    @router.get(one_path + "/attachments/{attachment_id}/thumbnail", response={200: None, **ERRORS},
                operation_id=f"{name}_attachment_thumbnail", summary="The thumbnail of an attached photo (JPEG)")
    def attachment_thumbnail(request: HttpRequest, attachment_id: uuid.UUID, record_id: uuid.UUID = RecordId):
        return served(request, record_id, attachment_id, thumbnail=True)

    @router.delete(one_path + "/attachments/{attachment_id}", response={204: None, **ERRORS},
                   operation_id=f"{name}_detach", summary="Remove an attached file, with a reason")
    def detach(request: HttpRequest, attachment_id: uuid.UUID, reason: str = "", record_id: uuid.UUID = RecordId):
        record, attachment = readable(request, record_id, attachment_id)
        spec.service.detach(record, attachment, acting_user=request.auth, reason=reason)
        return Status(204, None)


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
        if not need_to_know.holds(request.auth, record.mission_id, record_code(model, "assign")):
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

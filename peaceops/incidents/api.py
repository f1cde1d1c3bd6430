"""Incident API router under /api/v1/incidents: list, aggregate, detail, create, update, delete, history.

Every read starts from `Incident.objects.visible_to(request.auth)` and then `filter_incidents()`; every write
goes through the incident services. An incident the caller cannot see answers 404, exactly like one that
does not exist, so the API never reveals that a hidden record is there.
"""

import uuid

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from peaceops.api.scopes import scoped
from peaceops.core.access import access_profile
from peaceops.core.changelog import object_type
from peaceops.core.models import ChangeLogEntry, Mission, Organisation
from peaceops.ledger.services import record_if_sensitive, record_sensitive_list
from peaceops.partners.redaction import Reader

from . import schemas
from .aggregates import aggregate
from .filters import filter_incidents, given
from .inputs import IncidentDataError
from .models import Incident, IncidentActor, releases_in_force_prefetch
from .pagination import DEFAULT_LIMIT, keyset_page
from .redaction import redact_detail, redact_snapshot
from .services import create_incident, delete_incident, update_incident
from .tally import TallySource
from .versions import Sides, hide_unreadable, record_history_view
from .viewport import extent_of, viewport_of

router = Router(tags=["incidents"], auth=scoped("incidents"))
ERRORS = {401: schemas.ErrorOut, 403: schemas.ErrorOut, 404: schemas.ErrorOut, 422: schemas.ErrorOut}
_GEOMETRY = ("admin1__geometry", "admin2__geometry")


class IncidentFilters(Schema):
    """Filters shared by the list and the aggregate (and the exports): see docs/api.md."""

    mission: str | None = Field(None, description="Mission code")
    bbox: str | None = Field(None, description="min_lon,min_lat,max_lon,max_lat")
    since: str | None = Field(None, description="ISO date or time, inclusive (occurred_start)")
    until: str | None = Field(None, description="ISO date or time, exclusive (occurred_start)")
    category: str | None = Field(None, description="Category path or code; includes its descendants")
    admin_area: str | None = Field(None, description="Admin area id (level 1 or 2)")
    actor: str | None = Field(None, description="Actor name (case-insensitive) or id")
    status: str | None = Field(None, description="Comma list of statuses")
    classification: str | None = Field(None, description="Comma list of classifications")
    q: str | None = Field(None, description="Text in title, description or place name")

    def params(self) -> dict:
        return given(self.model_dump())


def _visible(request: HttpRequest):
    return Incident.objects.visible_to(request.auth)


def _not_found(incident_id) -> HttpError:
    return HttpError(404, f"no incident {incident_id} (or you may not see it)")


def _detail_queryset(request: HttpRequest):
    return (
        _visible(request)
        .select_related("mission", "owner", "category", "admin1", "admin2", "created_by", "updated_by")
        .defer(*_GEOMETRY)
        .prefetch_related(
            "casualties", "sources", releases_in_force_prefetch(),
            Prefetch("actor_links", queryset=IncidentActor.objects.select_related("actor")),
        )
    )


def _detail_for(request: HttpRequest, incident) -> dict:
    """The incident's detail as the caller may read it (redacted when they do not own it)."""
    detail = schemas.detail_of(incident)
    return redact_detail(detail) if Reader.of_user(request.auth).withholds(incident) else detail


def _detail(request: HttpRequest, incident_id) -> dict:
    incident = _detail_queryset(request).filter(pk=incident_id).first()
    if incident is None:
        raise _not_found(incident_id)
    record_if_sensitive(request.auth, incident, via="api")
    return _detail_for(request, incident)


def _written(request: HttpRequest, incident_id) -> dict:
    """The detail of an incident the caller just wrote, or a Recorded note when they may not see the result."""
    incident = _detail_queryset(request).filter(pk=incident_id).first()
    if incident is None:
        return {"id": incident_id, "visible": False,
                "detail": "recorded; its classification or releasability does not let you see it"}
    return _detail_for(request, incident)


def _editable(request: HttpRequest, incident_id) -> Incident:
    incident = _visible(request).select_related("mission", "owner").filter(pk=incident_id).first()
    if incident is None:
        raise _not_found(incident_id)
    return incident


@router.get("", response={200: schemas.IncidentPage, **ERRORS}, summary="List incidents (newest first)")
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters], limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None, count: bool = False):
    """A page of the incidents you may see, newest first; follow next_cursor for the next page."""
    queryset = filter_incidents(_visible(request), filters.params(), Reader.of_user(request.auth))
    rows, next_cursor = keyset_page(queryset, limit=limit, cursor=cursor, fields=schemas.LIST_FIELDS)
    codes = dict(Mission.objects.filter(pk__in={r["mission_id"] for r in rows}).values_list("id", "code"))
    record_sensitive_list(request.auth, ((r["id"], r["mission_id"], r["classification"]) for r in rows),
                          via="api-list")
    page = {"items": [schemas.item_of(r, codes) for r in rows], "next_cursor": next_cursor}
    if count:
        page["count"] = queryset.count()
    return page


@router.get("/aggregate", response={200: schemas.AggregateOut, **ERRORS}, summary="Counts and casualty sums")
def aggregate_incidents(request: HttpRequest, by: str, filters: Query[IncidentFilters],
                        resolution: int | None = None, depth: int | None = None):
    """Incident counts and casualty sums grouped by h3, admin1, admin2, category, day, week or month."""
    params = filters.params()
    queryset = filter_incidents(_visible(request), params, Reader.of_user(request.auth))
    missions = Mission.objects.filter(code=params["mission"]) if "mission" in params else None
    return aggregate(queryset, by, resolution=resolution, depth=depth, viewport=viewport_of(params),
                     extent=extent_of(missions) if missions is not None else None,
                     source=TallySource(request.auth, params))


@router.post("", response={201: schemas.IncidentDetail | schemas.Recorded, **ERRORS},
             summary="Report an incident")
def create(request: HttpRequest, payload: schemas.IncidentCreate):
    """Record a new incident; answers the complete incident (or only its id, when you may not see it)."""
    mission = Mission.objects.filter(code=payload.mission).first()
    if mission is None:
        raise IncidentDataError("mission", f"no mission has code {payload.mission!r}")
    owner = None
    if payload.owner:
        owner = Organisation.objects.filter(code=payload.owner).first()
        if owner is None:
            raise IncidentDataError("owner", f"no organisation has code {payload.owner!r}")
    incident = create_incident(acting_user=request.auth, mission=mission, owner=owner,
                               data=schemas.incident_data_of(payload), reason=payload.reason)
    return Status(201, _written(request, incident.pk))


@router.get("/{incident_id}", response={200: schemas.IncidentDetail, **ERRORS}, summary="One incident")
def detail(request: HttpRequest, incident_id: uuid.UUID):
    return _detail(request, incident_id)


@router.patch("/{incident_id}", response={200: schemas.IncidentDetail | schemas.Recorded, **ERRORS},
              summary="Change some fields of an incident")
def update(request: HttpRequest, incident_id: uuid.UUID, payload: schemas.IncidentPatch):
    """Any subset of the create fields (not mission or owner), plus an optional reason for the change log."""
    incident = _editable(request, incident_id)
    update_incident(incident, acting_user=request.auth, changes=schemas.changes_of(payload),
                    reason=payload.reason)
    return _written(request, incident_id)


@router.delete("/{incident_id}", response={204: None, **ERRORS}, summary="Delete an incident")
def delete(request: HttpRequest, incident_id: uuid.UUID, reason: str = ""):
    """Delete an incident; its last state stays in the change log (see /history, superusers only)."""
    delete_incident(_editable(request, incident_id), acting_user=request.auth, reason=reason)
    return Status(204, None)


@router.get("/{incident_id}/history", response={200: schemas.HistoryOut, **ERRORS},
            summary="Change history of an incident")
def history(request: HttpRequest, incident_id: uuid.UUID):
    """Every create, update and delete of the incident, oldest first.

    Visible when the incident is visible to you; a deleted incident's history only to superusers. A version
    (the before or after of an entry) you could not read when it was written, given its classification, owner
    and releases then, is left out: `before_hidden` / `after_hidden` say so, and `changed_fields` is empty.
    """
    incident = _visible(request).filter(pk=incident_id).only("pk", "mission_id", "owner_id", "classification").first()
    entries = ChangeLogEntry.objects.filter(object_type=object_type(Incident), object_id=str(incident_id))
    if incident is None and not (access_profile(request.auth).superuser and entries.exists()):
        raise _not_found(incident_id)
    redact = incident is not None and Reader.of_user(request.auth).withholds(incident)
    entries = list(entries.order_by("id"))
    mission_id = incident.mission_id if incident is not None else entries[-1].mission_id
    sides = hide_unreadable(entries, request.auth, mission_id)
    record_history_view(request.auth, incident, entries, str(incident_id), via="api-history")
    return {"incident_id": incident_id, "entries": [_change(e, s, redact) for e, s in zip(entries, sides, strict=True)]}


def _change(entry: ChangeLogEntry, sides: Sides, redact: bool = False) -> dict:
    if redact:
        entry.before, entry.after = redact_snapshot(entry.before), redact_snapshot(entry.after)
    before, after = entry.before or {}, entry.after or {}
    changed = [] if sides.any else sorted(k for k in set(before) | set(after)
                                          if before.get(k) != after.get(k) and k not in ("updated_at", "updated_by_id"))
    return {"id": entry.pk, "time": entry.time, "action": entry.action, "actor": entry.actor_name,
            "request_id": entry.request_id, "reason": entry.reason, "changed_fields": changed,
            "before_hidden": sides.before_hidden, "after_hidden": sides.after_hidden,
            "before": entry.before, "after": entry.after}

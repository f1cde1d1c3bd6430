"""Incident API router under /api/v1/incidents, from the kit's router factory: list, aggregate, detail, create,
update, delete, history (the releases are the sharing app's router, mounted on the same prefix).

`IncidentApi` says what incidents need beyond the kit's defaults: their wire shapes (`schemas`), their filter
parameters (`IncidentFilters`, read by `filters.filter_incidents`, which hides from a partner what it withholds),
a list read as a few columns newest first, redaction of partner readers, the incident services as the write
door, the history with first versions and redacted snapshots, and `/aggregate`. Every read starts from
`Incident.objects.visible_to(request.auth)`; an incident the caller cannot see answers 404, exactly like one
that does not exist, so the API never reveals that a hidden record is there.
"""


from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from peaceops.api.scopes import scoped
from peaceops.core.access import access_profile
from peaceops.core.changelog import object_type
from peaceops.core.kit.api import ERRORS, RecordApi, mission_of, organisation_of, record_router
from peaceops.core.kit.pagination import keyset_page
from peaceops.core.kit.sealing import shown
from peaceops.core.models import ChangeLogEntry, Mission
from peaceops.partners.redaction import Reader

from . import schemas
from .aggregates import aggregate
from .filters import filter_incidents, given
from .models import Incident, IncidentActor, releases_in_force_prefetch
from .redaction import redact_detail, redact_snapshot
from .services import IncidentService, create_incident, delete_incident
from .tally import TallySource
from .versions import Sides, hide_unreadable, record_history_view
from .viewport import extent_of, viewport_of

_GEOMETRY = ("admin1__geometry", "admin2__geometry")
_TOTALS = ("fatalities_low", "fatalities_best", "fatalities_high")


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


class IncidentApi(RecordApi):
    """Incidents on the kit's router factory (see the module docstring)."""

    def queryset(self, request):
        return (
            self.visible(request)
            .select_related("mission", "owner", "category", "admin1", "admin2", "created_by", "updated_by")
            .defer(*_GEOMETRY)
            .prefetch_related(
                "casualties", "sources", releases_in_force_prefetch(),
                Prefetch("actor_links", queryset=IncidentActor.objects.select_related("actor")),
            )
        )

    def filter(self, request, params):
        return filter_incidents(self.visible(request), given(params), Reader.of_user(request.auth))

    def page(self, request, queryset, *, limit, cursor):
        """Newest first, read as the few columns an item shows (no model instances, no geometry)."""
        rows, next_cursor = keyset_page(queryset, key="-occurred_start", limit=limit, cursor=cursor,
                                        fields=schemas.LIST_FIELDS)
        codes = dict(Mission.objects.filter(pk__in={r["mission_id"] for r in rows}).values_list("id", "code"))
        shown(request.auth, rows, via="api-list", model=Incident)
        return [schemas.item_of(r, codes) for r in rows], next_cursor

    def detail_of(self, record) -> dict:
        return schemas.detail_of(record)

    def detail_for(self, request, record) -> dict:
        """The incident's detail as the caller may read it (redacted when they do not own it)."""
        detail = schemas.detail_of(record)
        return redact_detail(detail) if Reader.of_user(request.auth).withholds(record) else detail

    def editable(self, request, record_id):
        return self.visible(request).select_related("mission", "owner").filter(pk=record_id).first()

    def create_record(self, request, payload):
        mission = mission_of(payload.mission)
        owner = organisation_of(payload.owner, "owner") if payload.owner else None
        return create_incident(acting_user=request.auth, mission=mission, owner=owner,
                               data=schemas.incident_data_of(payload), reason=payload.reason).pk

    def update_record(self, request, record, payload) -> None:
        changes = schemas.changes_of(payload)
        implied = () if payload.model_fields_set & set(_TOTALS) else _TOTALS  # totals following new casualty rows
        self.save_changes(request, record, changes, reason=payload.reason, base_version=payload.base_version,
                          always=implied)

    def delete_record(self, request, record, reason: str) -> None:
        delete_incident(record, acting_user=request.auth, reason=reason)

    def history(self, request, record_id):
        incident = (self.visible(request).filter(pk=record_id)
                    .only("pk", "mission_id", "owner_id", "classification").first())
        entries = ChangeLogEntry.objects.filter(object_type=object_type(Incident), object_id=str(record_id))
        if incident is None and not (access_profile(request.auth).superuser and entries.exists()):
            return None
        redact = incident is not None and Reader.of_user(request.auth).withholds(incident)
        entries = list(entries.order_by("id"))
        mission_id = incident.mission_id if incident is not None else entries[-1].mission_id
        sides = hide_unreadable(entries, request.auth, mission_id)
        record_history_view(request.auth, incident, entries, str(record_id), via="api-history")
        return {"incident_id": record_id,
                "entries": [_change(e, s, redact) for e, s in zip(entries, sides, strict=True)]}

    def extra_routes(self, router: Router) -> None:
        @router.get("/aggregate", response={200: schemas.AggregateOut, **ERRORS}, operation_id="incident_aggregate",
                    summary="Counts and casualty sums")
        def aggregate_incidents(request: HttpRequest, by: str, filters: Query[IncidentFilters],
                                resolution: int | None = None, depth: int | None = None):
            """Incident counts and casualty sums grouped by h3, admin1, admin2, category, day, week or month."""
            params = filters.params()
            queryset = filter_incidents(self.visible(request), params, Reader.of_user(request.auth))
            missions = Mission.objects.filter(code=params["mission"]) if "mission" in params else None
            return aggregate(queryset, by, resolution=resolution, depth=depth, viewport=viewport_of(params),
                             extent=extent_of(missions) if missions is not None else None,
                             source=TallySource(request.auth, params))


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


api = IncidentApi(
    model=Incident, service=IncidentService(), detail=schemas.IncidentDetail, create=schemas.IncidentCreate, patch=schemas.IncidentPatch,
    page_schema=schemas.IncidentPage, history_schema=schemas.HistoryOut, filters=IncidentFilters, releases=False,
    docs={
        "list": ("List incidents (newest first)",
                 "A page of the incidents you may see, newest first; follow next_cursor for the next page."),
        "create": ("Report an incident", "Record a new incident; answers the complete incident (or only its id, "
                                         "when you may not see it)."),
        "detail": ("One incident", None),
        "update": ("Change some fields of an incident", "Any subset of the create fields (not mission or owner), "
                                                        "plus an optional reason for the change log."),
        "delete": ("Delete an incident", "Delete an incident; its last state stays in the change log (see "
                                         "/history, superusers only)."),
        "history": ("Change history of an incident", (
            "Every create, update and delete of the incident, oldest first.\n\nVisible when the incident is "
            "visible to you; a deleted incident's history only to superusers. A version (the before or after of "
            "an entry) you could not read when it was written, given its classification, owner and releases "
            "then, is left out: `before_hidden` / `after_hidden` say so, and `changed_fields` is empty.")),
    })
router = record_router(api, auth=scoped("incidents"), tags=["incidents"])

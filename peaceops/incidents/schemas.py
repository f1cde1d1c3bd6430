"""The shapes of incidents on the wire: what the API accepts (create, patch) and what it answers.

Input schemas mirror `IncidentData` and forbid unknown fields, so a typo is answered with 422 naming it.
Value rules (lat within -90..90, counts not negative...) are checked here when they are simple, and by
`IncidentData.validate()` otherwise; either way the error names the field.
"""

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from peaceops.core.choices import Classification
from peaceops.core.dates import SupportedDateTime
from peaceops.core.kit.schemas import ErrorOut  # noqa: F401 - the API's error body, shared with the shared services

from .choices import (
    ActorRole,
    ActorType,
    CasualtyGroup,
    IncidentStatus,
    LocationPrecision,
    SourceType,
    TimePrecision,
)

#: The largest count a casualty field takes (so that sums of groups fit the database's integer columns).
MAX_COUNT = 10_000_000
Count = Field(default=0, ge=0, le=MAX_COUNT)


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class CasualtyIn(_Strict):
    """Killed and injured in one group, as low / best / high estimates."""

    group: CasualtyGroup = CasualtyGroup.OTHER
    killed_low: int = Count
    killed_best: int = Count
    killed_high: int = Count
    injured_low: int = Count
    injured_best: int = Count
    injured_high: int = Count


class ActorIn(_Strict):
    """An actor's part in the incident (the actor is created in the mission when new)."""

    name: str = Field(min_length=1, max_length=300)
    role: ActorRole = ActorRole.PERPETRATOR
    type: ActorType = ActorType.UNKNOWN
    ucdp_actor_id: int | None = Field(default=None, ge=-2_147_483_648, le=2_147_483_647)


class SourceIn(_Strict):
    """Where the information came from, with its Admiralty grading."""

    type: SourceType = SourceType.OTHER
    reference: str = ""
    reliability: str = Field(default="F", pattern="^[A-F]$")
    credibility: str = Field(default="6", pattern="^[1-6]$")
    reported_at: SupportedDateTime | None = None


class _IncidentFields(_Strict):
    """Fields shared by create and patch (all optional here; create makes some required)."""

    description: str = ""
    occurred_end: SupportedDateTime | None = None
    time_precision: TimePrecision = TimePrecision.DAY
    reported_at: SupportedDateTime | None = None
    location_precision: LocationPrecision = LocationPrecision.EXACT
    location_name: str = Field(default="", max_length=300)
    category: str = Field(default="", description="Category path (e.g. 'mission/crime') or code")
    status: IncidentStatus = IncidentStatus.REPORTED
    classification: Classification = Classification.PUBLIC
    releasable_to: list[str] = Field(default_factory=list, description="Organisation codes")
    casualties: list[CasualtyIn] = Field(default_factory=list)
    actors: list[ActorIn] = Field(default_factory=list)
    sources: list[SourceIn] = Field(default_factory=list)
    fatalities_low: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    fatalities_best: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    fatalities_high: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    ucdp_id: str | None = Field(default=None, max_length=32)
    acled_id: str | None = Field(default=None, max_length=32)
    external_id: str | None = Field(default=None, max_length=100)


class IncidentCreate(_IncidentFields):
    """A new incident. Totals default to the sum of the casualty groups."""

    mission: str = Field(description="Mission code, e.g. UNMIK")
    owner: str | None = Field(default=None, description="Owning organisation code (default: yours)")
    title: str = Field(min_length=1, max_length=300)
    occurred_start: SupportedDateTime
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    reason: str = ""


class IncidentPatch(_IncidentFields):
    """Any subset of an incident's fields, plus an optional reason kept in the change log."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    occurred_start: SupportedDateTime | None = None
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    reason: str = ""
    base_version: str | None = Field(default=None, description=(
        "The incident's version this change was made from (the X-Record-Version header of its detail): if it "
        "changed since, the change is merged with what changed meanwhile, or answered 409 with an edit conflict "
        "when a field was changed both ways"))


class IncidentItem(Schema):
    """One incident in a list: enough to show it in a table or on a map."""

    id: uuid.UUID
    mission: str
    title: str
    occurred_start: dt.datetime
    occurred_end: dt.datetime
    time_precision: str
    lon: float
    lat: float
    location_precision: str
    category: str | None
    category_name: str | None
    status: str
    classification: str
    fatalities_best: int
    admin1_id: int | None
    admin1_name: str | None
    admin2_id: int | None
    admin2_name: str | None


class IncidentPage(Schema):
    """A page of incidents, newest first; pass next_cursor back as ?cursor= for the next page."""

    items: list[IncidentItem]
    next_cursor: str | None
    count: int | None = None


class CasualtyOut(Schema):
    group: str
    killed_low: int
    killed_best: int
    killed_high: int
    injured_low: int
    injured_best: int
    injured_high: int


class ActorOut(Schema):
    id: int
    name: str
    type: str
    role: str


class SourceOut(Schema):
    type: str
    reference: str
    reliability: str
    credibility: str
    reported_at: dt.datetime | None


class AreaOut(Schema):
    id: int
    name: str


class CategoryOut(Schema):
    id: int
    path: str
    name: str


class IncidentDetail(Schema):
    """One incident, complete."""

    id: uuid.UUID
    mission: str
    owner: str
    classification: str
    releasable_to: list[str]
    releasability: str
    title: str
    description: str
    occurred_start: dt.datetime
    occurred_end: dt.datetime
    time_precision: str
    reported_at: dt.datetime
    lon: float
    lat: float
    location_precision: str
    location_name: str
    h3_cell: str | None
    admin1: AreaOut | None
    admin2: AreaOut | None
    category: CategoryOut | None
    status: str
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    injured_low: int
    injured_best: int
    injured_high: int
    casualties: list[CasualtyOut]
    actors: list[ActorOut]
    sources: list[SourceOut]
    ucdp_id: str | None
    acled_id: str | None
    external_id: str | None
    created_at: dt.datetime
    created_by: str | None
    updated_at: dt.datetime
    updated_by: str | None
    withheld: list[str] = Field(default_factory=list, description=(
        "What is withheld from you because your organisation does not own the incident and its release to "
        "you does not include sources (see docs/user/partners.md)"))


class ChangeOut(Schema):
    """One change-log entry of an incident."""

    id: int
    time: dt.datetime
    action: str
    actor: str
    request_id: str
    reason: str
    changed_fields: list[str]
    before_hidden: bool = Field(False, description="The version before this change is one you may not see: "
                                                   "`before` is null and `changed_fields` empty")
    after_hidden: bool = Field(False, description="The version this change wrote is one you may not see: "
                                                  "`after` is null, `reason` and `changed_fields` empty")
    before: dict | None
    after: dict | None


class HistoryOut(Schema):
    incident_id: uuid.UUID
    entries: list[ChangeOut]


class Totals(Schema):
    count: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    injured_best: int


class Bucket(Schema):
    """One group of an aggregate: its key, a human label, the incident count and casualty sums."""

    key: str | int | None
    label: str
    count: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    injured_best: int


class AggregateOut(Schema):
    by: str
    resolution: int | None = None
    buckets: list[Bucket]
    total: Totals


# --- conversions between the wire shapes and the domain -------------------------------------------------

#: Columns the list reads, in one query (left joins to category and admin areas; no geometry). The mission
#: is read as an id and named from a separate tiny query: an inner join to the mission table would lead
#: SQLite to drive the join from it and sort the whole mission instead of walking the time index.
LIST_FIELDS = (
    "id", "mission_id", "title", "occurred_start", "occurred_end", "time_precision", "lon", "lat",
    "location_precision", "category__path", "category__name", "status", "classification", "fatalities_best",
    "admin1_id", "admin1__name", "admin2_id", "admin2__name",
)

#: Fields that may be left out of a patch but never set to null.
NOT_NULL = ("title", "occurred_start", "lon", "lat")


def item_of(row: dict, mission_codes: dict[int, str]) -> dict:
    """A list item from a row of LIST_FIELDS (`mission_codes`: mission id -> code)."""
    item = {name: row[name] for name in LIST_FIELDS if "__" not in name and name != "mission_id"}
    item.update(mission=mission_codes.get(row["mission_id"]), category=row["category__path"],
                category_name=row["category__name"], admin1_name=row["admin1__name"],
                admin2_name=row["admin2__name"])
    return item


def detail_of(incident) -> dict:
    """The complete incident (expects the relations the API's detail query selects and prefetches)."""
    from peaceops.geo.h3cells import to_string

    def area(a):
        return {"id": a.pk, "name": a.name} if a else None

    def username(user):
        return user.get_username() if user else None

    links = sorted(incident.actor_links.all(), key=lambda link: (link.actor.name, link.role))
    return {
        "id": incident.pk, "mission": incident.mission.code, "owner": incident.owner.code,
        "classification": incident.classification,
        "releasable_to": sorted(o.code for o in incident.released_organisations()),
        "releasability": incident.releasability_label(),
        **{name: getattr(incident, name) for name in (
            "title", "description", "occurred_start", "occurred_end", "time_precision", "reported_at", "lon",
            "lat", "location_precision", "location_name", "status", "fatalities_low", "fatalities_best",
            "fatalities_high", "injured_low", "injured_best", "injured_high", "ucdp_id", "acled_id",
            "external_id", "created_at", "updated_at")},
        "h3_cell": to_string(incident.h3_cell) if incident.h3_cell is not None else None,
        "admin1": area(incident.admin1), "admin2": area(incident.admin2),
        "category": ({"id": incident.category.pk, "path": incident.category.path, "name": incident.category.name}
                     if incident.category else None),
        "casualties": [
            {k: getattr(c, k) for k in ("group", "killed_low", "killed_best", "killed_high", "injured_low",
                                         "injured_best", "injured_high")}
            for c in sorted(incident.casualties.all(), key=lambda c: c.group)
        ],
        "actors": [{"id": link.actor.pk, "name": link.actor.name, "type": link.actor.type, "role": link.role}
                   for link in links],
        "sources": [{k: getattr(s, k) for k in ("type", "reference", "reliability", "credibility", "reported_at")}
                    for s in sorted(incident.sources.all(), key=lambda s: s.pk)],
        "created_by": username(incident.created_by), "updated_by": username(incident.updated_by),
    }


def _children(values: dict) -> dict:
    """Nested inputs (already plain dicts) as the dataclasses IncidentData holds."""
    from .inputs import ActorData, CasualtyData, SourceData

    out = dict(values)
    if "casualties" in out:
        out["casualties"] = [CasualtyData(**c) for c in out["casualties"]]
    if "actors" in out:
        out["actors"] = [ActorData(**a) for a in out["actors"]]
    if "sources" in out:
        out["sources"] = [SourceData(**s) for s in out["sources"]]
    if "category" in out:
        out["category_path"] = out.pop("category") or ""
    return out


def incident_data_of(payload: IncidentCreate):
    """The IncidentData of a create request (mission, owner and reason are handled by the caller)."""
    from .inputs import IncidentData

    values = payload.model_dump(mode="python", exclude={"mission", "owner", "reason"})
    return IncidentData(**_children(values))


def changes_of(payload: IncidentPatch) -> dict:
    """The changed fields of a patch, named as in IncidentData; explicit nulls of required fields refused.

    When casualties change and no total is given, the totals follow the new groups (sum of the groups).
    """
    from peaceops.core.kit.errors import FieldError

    values = payload.model_dump(mode="python", exclude_unset=True, exclude={"reason", "base_version"})
    for name in NOT_NULL:
        if name in values and values[name] is None:
            raise FieldError(name, "cannot be null")
    totals = ("fatalities_low", "fatalities_best", "fatalities_high")
    if "casualties" in values and not any(name in values for name in totals):
        values.update(dict.fromkeys(totals))
    return _children(values)

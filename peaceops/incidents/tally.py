"""Aggregates answered from the incident tallies (tally_models.py) instead of the incident rows, when they can be.

A whole-mission question ("incidents per week since the mission began, of this category") reads a few thousand
tally rows instead of a million incidents. The tallies can answer when every filter is one they are keyed by:
the mission, category and classification filters; a time window on whole UTC days (by day, week, month or
category) or whole months (hexagons and admin areas, without a category filter); and a map bbox only when it
holds every incident the mission has had.
Anything else (actor, status, text, admin area, a bbox cutting through the data) returns None, and the caller
reads the incidents. Visibility is applied to the tally rows by the one visibility rule's tally form
(`VisibilityRule.tally_filter`): each row is one visibility class (classification, owning organisation,
releasability).
A tally row's releasability is the list of release rows, which knows nothing of expiry: while a mission holds a
release that has expired but is not yet removed (`peaceops expire-releases` removes them, and the triggers then
move the tallies), the tallies would count it as visible, so questions about that mission go to the incident
rows, where `visible_to` applies the expiry exactly; so do questions while a release expires within
EXPIRY_MARGIN, so that the check cannot be overtaken by the clock before the tally query runs.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from peaceops.core.dates import month_key
from peaceops.core.models import Mission
from peaceops.core.visibility import VisibilityRule
from peaceops.geo.h3cells import ParentCell, parent_of

from .filters import category_ids, check_period, classifications, given, parse_moment
from .models import Incident, IncidentRelease
from .tally_models import TALLY_CELL_RESOLUTION, CellMonthTally, DayTally, IncidentExtent
from .viewport import Viewport, viewport_of

SUMS = ("fatalities_low", "fatalities_best", "fatalities_high", "injured_best")
#: The filters a tally can apply; any other one sends the question to the incident rows.
TALLY_FILTERS = frozenset({"mission", "bbox", "since", "until", "category", "classification"})
#: The groupings each tally answers.
DAY_GROUPINGS = frozenset({"day", "week", "month", "category"})


@dataclass(frozen=True)
class TallySource:
    """Who asks (for visibility), in which missions, with which filter parameters (the API's names)."""

    user: object
    params: dict = field(default_factory=dict)
    mission_ids: tuple[int, ...] | None = None  # None: every mission the user belongs to


def grouped(source: TallySource, by: str, resolution: int | None) -> list[dict] | None:
    """Rows {"bucket", "count", sums} for `by`, or None when the tallies cannot answer exactly."""
    if by in DAY_GROUPINGS:
        return _day_rows(source, by)
    if by == "h3" and resolution is not None and resolution <= TALLY_CELL_RESOLUTION:
        return _cell_rows(source, "cell", lambda cell: parent_of(cell, resolution))
    if by in ("admin1", "admin2"):
        return _cell_rows(source, f"{by}_id", lambda area: area or None)
    return None


def rows(source: TallySource, columns: tuple[str, ...], *, monthly: bool = False) -> list[dict] | None:
    """Tally rows grouped by `columns` of the day tally (or the cell-month tally when `monthly`), each with
    "count" and the casualty sums; None when the tallies cannot answer the source's filters."""
    scope = _scope(source, month_window=monthly)
    if scope is None:
        return _incident_rows(source, columns)
    model = CellMonthTally if monthly else DayTally
    return [{**{c: row[c] for c in columns}, "count": row["n"],
             **{name: row[f"s_{name}"] or 0 for name in SUMS}}
            for row in model.objects.filter(scope).values(*columns).annotate(**_sums()) if row["n"]]


#: How the tally columns `rows()` groups by are computed from the incident rows.
_INCIDENT_COLUMNS = {
    "day": lambda: TruncDate("occurred_start", tzinfo=dt.UTC),
    "month": lambda: TruncMonth("occurred_start", tzinfo=dt.UTC),
    "category_id": lambda: Coalesce("category_id", 0),
    "admin1_id": lambda: Coalesce("admin1_id", 0),
    "admin2_id": lambda: Coalesce("admin2_id", 0),
    "cell": lambda: Coalesce(ParentCell(F("h3_cell"), resolution=TALLY_CELL_RESOLUTION), 0),
    "mission_id": lambda: F("mission_id"),
}


def _incident_rows(source: TallySource, columns: tuple[str, ...]) -> list[dict] | None:
    """The rows `rows()` would give, counted from the incidents the user may see (when the tallies may not
    answer, e.g. while a release is expiring); None when a filter or column is not one of the tallies'."""
    from .filters import filter_incidents
    from .models import Incident

    params = given(source.params)
    if set(params) - (TALLY_FILTERS - {"bbox"}) or set(columns) - set(_INCIDENT_COLUMNS):
        return None
    incidents = Incident.objects.visible_to(source.user)
    if "mission" not in params and source.mission_ids is not None:
        incidents = incidents.filter(mission_id__in=list(source.mission_ids))
    incidents = filter_incidents(incidents, params)
    names = {c: f"g_{c}" for c in columns}
    grouped = (incidents.order_by().annotate(**{names[c]: _INCIDENT_COLUMNS[c]() for c in columns})
               .values(*names.values()).annotate(n=Count("id"), **{f"s_{name}": Sum(name) for name in SUMS}))
    out = []
    for row in grouped:
        values = {c: row[names[c]] for c in columns}
        if "day" in values:
            values["day"] = values["day"].isoformat()
        if "month" in values:
            values["month"] = month_key(values["month"])
        out.append({**values, "count": row["n"], **{name: row[f"s_{name}"] or 0 for name in SUMS}})
    return out


def _day_rows(source: TallySource, by: str) -> list[dict] | None:
    tallies = _day_tallies(source)
    if tallies is None:
        return None
    column = "category_id" if by == "category" else "day"
    merged: dict = {}
    for row in tallies.values(column).annotate(**_sums()):
        key = row[column]
        if by == "category":
            key = key or None
        elif by == "week":
            day = dt.date.fromisoformat(key)
            key = (day - dt.timedelta(days=day.weekday())).isoformat()
        elif by == "month":
            key = key[:7]
        _merge(merged, key, row)
    return _counted(merged)


def _cell_rows(source: TallySource, column: str, key) -> list[dict] | None:
    """Rows grouped by a column of the cell-month tally, each value turned into its bucket key by `key`."""
    scope = _scope(source, month_window=True)
    if scope is None:
        return None
    tallies = CellMonthTally.objects.filter(scope)
    if column == "cell":
        tallies = tallies.exclude(cell=0)
    merged: dict = {}
    for row in tallies.values(column).annotate(**_sums()):
        _merge(merged, key(row[column]), row)
    return _counted(merged)


def _day_tallies(source: TallySource):
    scope = _scope(source, month_window=False)
    return None if scope is None else DayTally.objects.filter(scope)


def _sums() -> dict:
    return {"n": Sum("count"), **{f"s_{name}": Sum(name) for name in SUMS}}


def _counted(merged: dict) -> list[dict]:
    """The merged buckets that count an incident: tally rows fall to zero and stay (a deleted or moved
    incident leaves one), and a bucket of zero rows is no bucket, as it is not one when counted from the
    incidents."""
    return [bucket for bucket in merged.values() if bucket["count"]]


def _merge(merged: dict, key, row: dict) -> None:
    into = merged.setdefault(key, {"bucket": key, "count": 0, **{name: 0 for name in SUMS}})
    into["count"] += row["n"] or 0
    for name in SUMS:
        into[name] += row[f"s_{name}"] or 0


def _scope(source: TallySource, *, month_window: bool) -> Q | None:
    """The Q selecting the tally rows the question covers, or None when a filter is not a tally's to apply."""
    params = given(source.params)
    if set(params) - TALLY_FILTERS:
        return None
    if month_window and "category" in params:
        return None
    visible = _visible(source.user)
    if visible is None:
        return Q(pk__in=[])
    missions = _missions(source, params, visible)
    if visible.missions is not None and _holds_expiring_release(source.user, missions):
        return None
    scope = Q(mission_id__in=missions) & visible.condition
    if "bbox" in params and not _holds_every_incident(viewport_of(params), missions):
        return None
    window = _window(params, month_window)
    if window is None:
        return None
    scope &= window
    if "category" in params:
        scope &= Q(category_id__in=category_ids(params["category"]))
    if "classification" in params:
        scope &= Q(classification__in=classifications(params["classification"]))
    return scope


@dataclass(frozen=True)
class _Visibility:
    condition: Q
    missions: frozenset[int] | None  # None: every mission (superuser)


def _visible(user) -> _Visibility | None:
    """The tally rows `user` may count: the one visibility rule's tally form (`core.visibility`)."""
    condition, missions = VisibilityRule(Incident).tally_filter(user)
    if condition is None:
        return None
    return _Visibility(condition, missions)


def _missions(source: TallySource, params: dict, visible: _Visibility) -> list[int]:
    if "mission" in params:
        ids = list(Mission.objects.filter(code=params["mission"].strip()).values_list("id", flat=True))
    elif source.mission_ids is not None:
        ids = list(source.mission_ids)
    elif visible.missions is not None:
        ids = sorted(visible.missions)
    else:
        ids = list(Mission.objects.values_list("id", flat=True))
    return ids


#: A release expiring within this margin already keeps questions off the tallies, so that the check, made a
#: moment before the tally query (or earlier in the same request), still holds when the query runs.
EXPIRY_MARGIN = dt.timedelta(minutes=5)
#: How long one request reuses its answer (well inside the margin).
_CHECK_REUSE = dt.timedelta(seconds=30)
_CHECK_ATTR = "_peaceops_expiring_releases"


#: How many expiring releases `_expiring_in` looks at one by one; beyond that it answers "yes" (the safe side).
_EXPIRING_CHECKED = 1000


def _expiring_in(missions: list[int], until) -> bool:
    """Whether a release of an incident of these missions expires by `until`. In two steps, each from an index:
    the releases expiring by then (usually none: the expires_at index answers at once), then whether one of
    their incidents is in the missions. (One joined query let SQLite walk every incident of a 1M mission:
    0.44 s per aggregate request.)"""
    incidents = list(IncidentRelease.objects.filter(expires_at__lte=until)
                     .values_list("incident_id", flat=True)[:_EXPIRING_CHECKED + 1])
    if not incidents:
        return False
    if len(incidents) > _EXPIRING_CHECKED:
        return True
    return Incident.objects.filter(pk__in=incidents, mission_id__in=missions).exists()


def _holds_expiring_release(user, missions: list[int]) -> bool:
    """Whether an incident of these missions has a release row expired or expiring within EXPIRY_MARGIN
    (the tallies count every release row as visible; superusers see everything, so only other users'
    questions need this). Asked once per user object (that is, per request) and missions."""
    now = timezone.now()
    key = tuple(sorted(missions))
    checked = getattr(user, _CHECK_ATTR, None)
    if checked is None:
        checked = {}
        try:
            setattr(user, _CHECK_ATTR, checked)
        except AttributeError:  # pragma: no cover - a user object that takes no attributes
            pass
    if key in checked and dt.timedelta(0) <= now - checked[key][0] < _CHECK_REUSE:
        return checked[key][1]
    answer = _expiring_in(missions, now + EXPIRY_MARGIN)
    checked[key] = (now, answer)
    return answer


def _holds_every_incident(view: Viewport, missions: list[int]) -> bool:
    extents = list(IncidentExtent.objects.filter(mission_id__in=missions))
    return all(view.min_lon <= e.min_lon and e.max_lon <= view.max_lon
               and view.min_lat <= e.min_lat and e.max_lat <= view.max_lat for e in extents)


def _window(params: dict, month_window: bool) -> Q | None:
    """The time window as a condition on tally rows, None when it does not fall on whole days (months)."""
    check_period(params)
    condition = Q()
    for name in ("since", "until"):
        if name not in params:
            continue
        moment = parse_moment(name, params[name]).astimezone(dt.UTC)
        if moment.time() != dt.time() or (month_window and moment.day != 1):
            return None
        if month_window:
            key = month_key(moment)
            condition &= Q(month__gte=key) if name == "since" else Q(month__lt=key)
        else:
            key = moment.date().isoformat()
            condition &= Q(day__gte=key) if name == "since" else Q(day__lt=key)
    return condition

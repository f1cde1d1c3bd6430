"""Coverage: where the mission is not looking. For a mission and a week (or a span of weeks), per H3 cell at
`operations.presence.RESOLUTION`: patrol presence (hours patrols the user may see spent in the cell),
incident density (incidents the user may see in the cell over the last `incident_weeks` weeks up to the end of
the span) and the risk forecast (probability of at least one event next month, from the latest stored run the
user may read), combined into an exposure score and a "not looking" index:

    incident share = incidents / most incidents of any cell          (0..1)
    exposure       = mean(incident share, forecast)  (incident share alone when no forecast run is readable)
    presence share = presence / most presence of any cell           (0..1)
    index          = exposure x (1 - presence share)

So a cell with the most incidents and nobody there scores as its exposure; the most patrolled cell scores 0.
The forecast of a cell: an H3 run at resolution <= 7 gives the value of the cell's parent (a finer run: the
highest of its children); otherwise an admin-2 (else admin-1) run gives the value of the area holding the
cell's centre.
"""

import datetime as dt
from dataclasses import dataclass

import h3
from django.db.models import Count, F, Sum

from peaceops.geo import h3cells
from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea
from peaceops.incidents.models import Incident
from peaceops.operations.models import CellPresence, Patrol
from peaceops.operations.presence import RESOLUTION, week_of

from .models import ForecastLevel
from .services import latest_run

#: Weeks of incidents counted up to the end of the chosen span.
INCIDENT_WEEKS = 4
#: Most weeks one coverage request spans.
MAX_WEEKS = 12


@dataclass
class CellCoverage:
    """One cell's figures: presence (seconds), incidents, forecast (0..1 or None), exposure and index (0..1)."""

    cell: int
    seconds: float = 0.0
    incidents: int = 0
    forecast: float | None = None
    exposure: float = 0.0
    index: float = 0.0

    @property
    def hours(self) -> float:
        return self.seconds / 3600

    @property
    def hex(self) -> str:
        return h3cells.to_string(self.cell)


@dataclass
class Coverage:
    """A coverage computation: its weeks, the incident period, which forecast was used, and the cells, most
    exposed and least patrolled first."""

    weeks: list[dt.date]
    incidents_since: dt.datetime
    incidents_until: dt.datetime
    forecast_level: str
    cells: list[CellCoverage]


def weeks_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The Mondays from the week of `first` to the week of `last` (at most MAX_WEEKS, the latest kept)."""
    first, last = first - dt.timedelta(days=first.weekday()), last - dt.timedelta(days=last.weekday())
    weeks = []
    while first <= last:
        weeks.append(first)
        first += dt.timedelta(days=7)
    return weeks[-MAX_WEEKS:]


def last_full_week(today: dt.date | None = None) -> dt.date:
    """The Monday of the last complete week before today's."""
    today = today or dt.datetime.now(dt.UTC).date()
    return week_of(dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)) - dt.timedelta(days=7)


def presence_by_cell(user, mission, weeks: list[dt.date]) -> dict[int, float]:
    """Seconds of presence per cell in the weeks, of the patrols the user may see."""
    visible = Patrol.objects.visible_to(user).filter(mission=mission)
    rows = CellPresence.objects.filter(mission=mission, week__in=weeks)
    if visible.count() != Patrol.objects.filter(mission=mission).count():  # else no need to filter row by row
        rows = rows.filter(patrol_id__in=visible.values("pk"))
    rows = rows.values("cell").annotate(total=Sum("seconds")).values_list("cell", "total")
    return dict(rows)


def incidents_by_cell(user, mission, since: dt.datetime, until: dt.datetime) -> dict[int, int]:
    """Incidents the user may see per cell, occurred in [since, until)."""
    rows = (Incident.objects.visible_to(user)
            .filter(mission=mission, occurred_start__gte=since, occurred_start__lt=until, h3_cell__isnull=False)
            .annotate(parent=h3cells.ParentCell(F("h3_cell"), resolution=RESOLUTION))
            .values("parent").annotate(n=Count("pk")).values_list("parent", "n"))
    return dict(rows)


def forecast_by_cell(user, mission, cells: set[int]) -> tuple[str, dict[int, float]]:
    """The level used ('h3', 'adm2', 'adm1' or '') and each cell's probability of at least one event at the
    first horizon of the latest run the user may read (cells with a forecast of their own added)."""
    run = latest_run(mission, ForecastLevel.H3, user)
    first = run.order_by("horizon").values_list("horizon", flat=True).first()
    if first is not None:
        values: dict[int, float] = {}
        by_resolution: dict[int, dict[int, float]] = {}
        for key, resolution, prob in run.filter(horizon=first).values_list("unit_key", "h3_resolution", "prob_1"):
            try:
                cell = h3.str_to_int(key)
            except (ValueError, TypeError):
                continue
            resolution = resolution if resolution is not None else h3.get_resolution(key)
            if resolution > RESOLUTION:  # a finer run: a cell takes the highest of its children
                parent = h3cells.parent_of(cell, RESOLUTION)
                values[parent] = max(values.get(parent, 0.0), prob)
            else:
                by_resolution.setdefault(resolution, {})[cell] = prob
        if by_resolution.get(RESOLUTION):
            values.update(by_resolution[RESOLUTION])
        for cell in cells:
            for resolution, table in by_resolution.items():
                parent = h3cells.parent_of(cell, resolution)
                if parent in table:
                    values.setdefault(cell, table[parent])
        return ForecastLevel.H3, values
    for level in (ForecastLevel.ADM2, ForecastLevel.ADM1):
        run = latest_run(mission, level, user)
        first = run.order_by("horizon").values_list("horizon", flat=True).first()
        if first is None or not cells:
            continue
        by_area = dict(run.filter(horizon=first).values_list("admin_area_id", "prob_1"))
        ordered = sorted(cells)
        lats, lons = zip(*(h3.cell_to_latlng(h3cells.to_string(c)) for c in ordered), strict=True)
        admin1, admin2 = AdminIndex.for_mission(mission.pk).assign(list(lons), list(lats))
        areas = admin2 if level == ForecastLevel.ADM2 else admin1
        return level, {c: by_area[a] for c, a in zip(ordered, areas, strict=True) if a in by_area}
    return "", {}


def incident_period(weeks: list[dt.date], incident_weeks: int = INCIDENT_WEEKS) -> tuple[dt.datetime, dt.datetime]:
    """[since, until): the `incident_weeks` weeks ending with the last of the weeks."""
    until = dt.datetime.combine(max(weeks) + dt.timedelta(days=7), dt.time(), tzinfo=dt.UTC)
    return until - dt.timedelta(days=7 * incident_weeks), until


def compute(user, mission, weeks: list[dt.date], incident_weeks: int = INCIDENT_WEEKS) -> Coverage:
    """The coverage of the weeks (Mondays) for what the user may see."""
    weeks = sorted(weeks)
    since, until = incident_period(weeks, incident_weeks)
    presence = presence_by_cell(user, mission, weeks)
    incidents = incidents_by_cell(user, mission, since, until)
    level, forecast = forecast_by_cell(user, mission, set(presence) | set(incidents))
    cells = {c: CellCoverage(cell=c) for c in (set(presence) | set(incidents)
                                                 | {c for c, v in forecast.items() if v > 0})}
    for cell, seconds in presence.items():
        cells[cell].seconds = seconds
    for cell, count in incidents.items():
        cells[cell].incidents = count
    for cell, value in forecast.items():
        if cell in cells:
            cells[cell].forecast = value
    most_incidents = max(incidents.values(), default=0)
    most_presence = max(presence.values(), default=0.0)
    for row in cells.values():
        share = row.incidents / most_incidents if most_incidents else 0.0
        row.exposure = (share + (row.forecast or 0.0)) / 2 if level else share
        row.index = row.exposure * (1 - (row.seconds / most_presence if most_presence else 0.0))
    ordered = sorted(cells.values(), key=lambda r: (-r.index, -r.exposure, r.seconds, r.cell))
    return Coverage(weeks=weeks, incidents_since=since, incidents_until=until, forecast_level=level, cells=ordered)


def name_cells(mission, rows: list[CellCoverage], language: str = "en") -> dict[int, str]:
    """Each cell's municipality (admin 2, else admin 1) by its centre, '' when none is known."""
    if not rows:
        return {}
    lats, lons = zip(*(h3.cell_to_latlng(r.hex) for r in rows), strict=True)
    admin1, admin2 = AdminIndex.for_mission(mission.pk).assign(list(lons), list(lats))
    areas = AdminArea.objects.defer("geometry").in_bulk({a for a in admin1 + admin2 if a})
    names = {}
    for row, a1, a2 in zip(rows, admin1, admin2, strict=True):
        area = areas.get(a2) or areas.get(a1)
        names[row.cell] = area.name_in(language) if area else ""
    return names

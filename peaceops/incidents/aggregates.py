"""Incident counts and casualty sums grouped by H3 cell, admin area, category or time bucket, in the database.

`aggregate(queryset, by, ...)` takes a queryset already restricted by `visible_to(user)` and the filters,
adds one SQL expression as the group key, and lets the database do the GROUP BY: one query, whatever the
number of incidents. Time buckets use plain SQL per backend (SQLite: string functions on the stored UTC
text; PostgreSQL: date_trunc in UTC) because Django's Trunc calls Python for every row on SQLite.
Bucket keys: H3 cell string; admin area id; category id; 'YYYY-MM-DD' for day and week (the week's
Monday, UTC); 'YYYY-MM' for month.

With a map `viewport` (the bbox the queryset is already filtered by) that is small beside the mission's
`extent`, the query also names the coarse H3 cells around the view (viewport.py), so the database seeks the
cell index for them instead of reading the whole time window.
"""

import datetime as dt

from django.db import connection
from django.db.models import Count, F, Sum
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from peaceops.geo import h3cells
from peaceops.geo.h3cells import ParentCell
from peaceops.geo.models import AdminArea

from . import tally
from .filters import FilterError
from .models import AREA_CELL_RESOLUTION, Category, Incident
from .viewport import Viewport, area_cells

GROUPINGS = ("h3", "admin1", "admin2", "category", "day", "week", "month")
SUMS = ("fatalities_low", "fatalities_best", "fatalities_high", "injured_best")
DEFAULT_H3_RESOLUTION = 6
#: A viewport is read by area cells when its area is at most this share of the mission's extent; a wider one
#: reads the time window through the mission/time index instead.
RANGE_SHARE = 0.25
#: The incident index keyed by mission, area cell and time (see Incident.Meta.indexes).
CELL_INDEX = "incident_cell_idx"


def _time_sql(by: str, vendor: str) -> str:
    """SQL giving the UTC day, week (Monday) or month of occurred_start as text, for this database."""
    if vendor == "postgresql":
        utc = "(occurred_start AT TIME ZONE 'UTC')"
        fmt = "YYYY-MM" if by == "month" else "YYYY-MM-DD"
        return f"to_char(date_trunc('{by}', {utc}), '{fmt}')"
    if vendor == "sqlite":
        # Django stores aware datetimes on SQLite as UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
        day = "substr(occurred_start, 1, 10)"
        if by == "day":
            return day
        if by == "month":
            return "substr(occurred_start, 1, 7)"
        return f"date({day}, '-' || ((CAST(strftime('%%w', {day}) AS INTEGER) + 6) %% 7) || ' days')"
    raise NotImplementedError(f"time buckets are not written for the {vendor} database")


def _key_sql(by: str, resolution: int | None) -> str:
    table = "incidents_incident"
    if by == "h3":
        # "+ 0": the key must not read as the cell index's own expression, or SQLite would walk that index for
        # its order (no sort needed) over the whole mission instead of seeking the time window.
        return h3cells.parent_sql(f"({connection.ops.quote_name(table)}.h3_cell + 0)", resolution)
    if by in ("admin1", "admin2"):
        return f"{connection.ops.quote_name(table)}.{by}_id"
    if by == "category":
        return f"{connection.ops.quote_name(table)}.category_id"
    return _time_sql(by, connection.vendor).replace(
        "occurred_start", f"{connection.ops.quote_name(table)}.occurred_start"
    )


def check_grouping(by: str, resolution: int | None, depth: int | None) -> int | None:
    """Validate the grouping parameters; returns the H3 resolution to use (None unless by=h3)."""
    if by not in GROUPINGS:
        raise FilterError("by", _("must be one of %(allowed)s (not %(value)s)"), allowed=", ".join(GROUPINGS),
                          value=repr(by))
    if depth is not None and (by != "category" or depth < 1):
        raise FilterError("depth", _("applies to by=category only and must be 1 or more"))
    if by != "h3":
        if resolution is not None:
            raise FilterError("resolution", _("applies to by=h3 only"))
        return None
    resolution = DEFAULT_H3_RESOLUTION if resolution is None else resolution
    if not 0 <= resolution <= h3cells.MAX_AGGREGATE_RESOLUTION:
        raise FilterError("resolution", _("must be between %(low)s and %(high)s (not %(value)s)"), low=0,
                          high=h3cells.MAX_AGGREGATE_RESOLUTION, value=resolution)
    return resolution


def _empty() -> dict:
    return {"count": 0, **{name: 0 for name in SUMS}}


def _add(into: dict, row: dict) -> None:
    into["count"] += row["count"]
    for name in SUMS:
        into[name] += row[name]


def aggregate(queryset, by: str, *, resolution: int | None = None, depth: int | None = None,
              viewport: Viewport | None = None, extent: Viewport | None = None,
              source: "tally.TallySource | None" = None) -> dict:
    """Group a (visible, filtered) incident queryset; returns {"by", "resolution", "buckets", "total"}.

    `viewport` is the bbox the queryset is filtered by (if any) and `extent` the mission's own, when known.
    `source` (the user and the filter parameters the queryset was made from) lets the incident tallies answer
    instead, when they can do so exactly (tally.py).
    """
    resolution = check_grouping(by, resolution, depth)
    rows = tally.grouped(source, by, resolution) if source is not None else None
    if rows is None:
        rows = _grouped_incidents(queryset, by, resolution, viewport, extent)
    for row in rows:
        for name in SUMS:
            row[name] = int(row[name] or 0)
    buckets = _label(by, rows, depth)
    total = _empty()
    for bucket in buckets:
        _add(total, bucket)
    return {"by": by, "resolution": resolution, "buckets": buckets, "total": total}


def _grouped_incidents(queryset, by: str, resolution: int | None, viewport, extent) -> list[dict]:
    """The grouped rows read from the incidents themselves (one query)."""
    queryset = queryset.order_by()
    if by == "h3":
        queryset = queryset.filter(h3_cell__isnull=False)
    by_cells = in_area_cells(queryset, viewport, extent)
    sums = {name: Sum(name, default=0) for name in SUMS}
    grouped = (queryset if by_cells is None else by_cells).annotate(bucket=RawSQL(_key_sql(by, resolution), ()))
    grouped = grouped.values("bucket").annotate(count=Count("pk"), **sums)
    return _through_cell_index(grouped) if by_cells is not None else list(grouped)


def in_area_cells(queryset, viewport: Viewport | None, extent: Viewport | None):
    """The queryset also restricted to the area cells around a viewport small beside the extent (the same rows:
    the viewport's bbox filter is already applied), or None when the view is better read by time."""
    if viewport is None or (extent is not None and viewport.area_km2() > RANGE_SHARE * extent.area_km2()):
        return None
    cells = area_cells(viewport)
    if cells is None:
        return None
    return queryset.alias(area_cell=ParentCell(F("h3_cell"), resolution=AREA_CELL_RESOLUTION)).filter(
        area_cell__in=cells
    )


def _through_cell_index(grouped) -> list[dict]:
    """Run a grouped `values()` query, on SQLite through the cell index. Without table statistics SQLite's
    planner prefers the mission/time index (an equality and a range) and would read the whole time window."""
    sql, params = grouped.query.sql_with_params()
    table = f"FROM {connection.ops.quote_name(Incident._meta.db_table)} "
    if connection.vendor == "sqlite" and sql.count(table) == 1:  # else leave the choice to the planner
        sql = sql.replace(table, f"{table}INDEXED BY {connection.ops.quote_name(CELL_INDEX)} ")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _label(by: str, rows: list[dict], depth: int | None) -> list[dict]:
    """Turn raw (bucket, sums) rows into keyed, labelled buckets in a useful order."""
    if by == "h3":
        buckets = [_bucket(h3cells.to_string(int(r["bucket"])), h3cells.to_string(int(r["bucket"])), r)
                   for r in rows]
    elif by in ("admin1", "admin2"):
        names = dict(AdminArea.objects.filter(pk__in=[r["bucket"] for r in rows if r["bucket"]])
                     .values_list("id", "name"))
        buckets = [_bucket(r["bucket"], names.get(r["bucket"], "(no area)") if r["bucket"] else "(no area)", r)
                   for r in rows]
    elif by == "category":
        buckets = _categories(rows, depth)
    else:
        buckets = [_bucket(r["bucket"], time_label(by, r["bucket"]), r) for r in rows]
        return sorted(buckets, key=lambda b: b["key"])
    return sorted(buckets, key=lambda b: (-b["count"], str(b["key"])))


def _bucket(key, label: str, row: dict) -> dict:
    return {"key": key, "label": label, "count": row["count"], **{name: row[name] for name in SUMS}}


def time_label(by: str, key: str) -> str:
    """A time bucket's label: the key itself, or the ISO week ('2026-W09') for a week's Monday."""
    if by == "week":
        year, week, _weekday = dt.date.fromisoformat(key).isocalendar()
        return f"{year}-W{week:02d}"
    return key


def _categories(rows: list[dict], depth: int | None) -> list[dict]:
    """Buckets keyed by category path (rolled up to `depth` levels when given), labelled with names."""
    ids = [r["bucket"] for r in rows if r["bucket"]]
    paths = dict(Category.objects.filter(pk__in=ids).values_list("id", "path"))
    merged: dict[str | None, dict] = {}
    for row in rows:
        path = paths.get(row["bucket"])
        if path and depth:
            path = "/".join(path.split("/")[:depth])
        _add(merged.setdefault(path, _empty()), row)
    missions = set(Category.objects.filter(pk__in=ids).values_list("mission_id", flat=True))
    names = dict(
        Category.objects.filter(mission_id__in=missions, path__in=[p for p in merged if p])
        .values_list("path", "name")
    )
    return [_bucket(path, names.get(path, path) if path else "(no category)", sums)
            for path, sums in merged.items()]

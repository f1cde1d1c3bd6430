"""The COP's data: the user's visible, filtered incidents as hexagons, points and a time histogram.

Every function takes a queryset that already went through `Incident.objects.visible_to(user)` and
`filter_incidents`, so nothing here can show an incident the user may not see.
"""

import datetime as dt
from dataclasses import dataclass

import h3

from peaceops.core.dates import in_range, month_key
from peaceops.geo.h3cells import boundary_lonlat
from peaceops.incidents.aggregates import aggregate, time_label
from peaceops.incidents.filters import filter_incidents
from peaceops.incidents.models import Incident
from peaceops.incidents.tally import TallySource
from peaceops.incidents.viewport import Viewport, extent_of, viewport_of
from peaceops.partners.redaction import Reader

from .legend import UNCATEGORISED, CategoryStyle
from .params import POINTS_CAP, filter_params

#: Histogram bucket sizes by the time span shown: days up to about four months, weeks up to three years.
DAY_SPAN = dt.timedelta(days=120)
WEEK_SPAN = dt.timedelta(days=3 * 366)


@dataclass(frozen=True)
class MapView:
    """What chooses how the COP's aggregates read: the map's bbox (the `bbox` filter, if any), the mission's
    extent, and the tally source (the user and the filters, for tally.py)."""

    viewport: Viewport | None = None
    extent: Viewport | None = None
    source: TallySource | None = None

    @classmethod
    def of(cls, user, mission, query, *, without: tuple[str, ...] = ()) -> "MapView":
        source = TallySource(user, filter_params(query, without=without), mission_ids=(mission.pk,))
        return cls(viewport_of(query), extent_of([mission.pk]), source)


def cop_incidents(user, mission, query, *, without: tuple[str, ...] = ()):
    """The incidents of the mission the user may see, filtered by the query string (FilterError if bad)."""
    visible = Incident.objects.visible_to(user).filter(mission=mission)
    return filter_incidents(visible, filter_params(query, without=without), Reader.of_user(user))


def hexagons(queryset, resolution: int, view: MapView | None = None) -> dict:
    """A GeoJSON FeatureCollection of H3 cells with their incident count and casualty sums (one query)."""
    view = view or MapView()
    result = aggregate(queryset, "h3", resolution=resolution, viewport=view.viewport, extent=view.extent,
                       source=view.source)
    features = [
        {
            "type": "Feature",
            "id": index,
            "properties": {
                "cell": bucket["key"],
                "count": bucket["count"],
                "fatalities": bucket["fatalities_best"],
                "injured": bucket["injured_best"],
            },
            "geometry": {"type": "Polygon", "coordinates": [boundary_lonlat(h3.str_to_int(bucket["key"]))]},
        }
        for index, bucket in enumerate(result["buckets"])
    ]
    return {"type": "FeatureCollection", "mode": "hexagons", "resolution": resolution,
            "count": result["total"]["count"], "features": features}


def points(queryset, styles: dict[int, CategoryStyle], cap: int | None = None) -> dict:
    """The incidents as GeoJSON points (newest first), or an empty collection with `overflow` when over `cap`
    (default POINTS_CAP)."""
    cap = POINTS_CAP if cap is None else cap
    rows = list(
        queryset.order_by("-occurred_start", "-id").values_list(
            "id", "title", "lon", "lat", "category_id", "occurred_start", "fatalities_best", "injured_best",
            "classification",
        )[: cap + 1]
    )
    if len(rows) > cap:
        return {"type": "FeatureCollection", "mode": "points", "overflow": True, "cap": cap, "features": []}
    features = []
    for pk, title, lon, lat, category_id, start, fatalities, injured, classification in rows:
        style = styles.get(category_id)
        features.append({
            "type": "Feature",
            "id": str(pk),
            "properties": {
                "id": str(pk), "title": title, "occurred_start": start.isoformat(),
                "category": style.path if style else "", "category_name": style.name if style else "",
                "group": style.group if style else "", "group_name": style.group_name if style else "",
                "colour": style.colour if style else UNCATEGORISED,
                "fatalities": fatalities, "injured": injured, "classification": classification,
            },
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        })
    return {"type": "FeatureCollection", "mode": "points", "overflow": False, "count": len(features),
            "features": features}


def _bucket_bounds(by: str, key: str) -> tuple[dt.date, dt.date]:
    """The first day of a time bucket and the first day after it."""
    if by == "month":
        start = dt.date.fromisoformat(key + "-01")
        return start, (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    start = dt.date.fromisoformat(key)
    return start, start + dt.timedelta(days=7 if by == "week" else 1)


def _coarser_key(by: str, day: dt.date) -> str:
    if by == "month":
        return month_key(day)
    if by == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def histogram(queryset, view: MapView | None = None) -> dict:
    """Incident counts per day, week or month (chosen by the time span), each bucket with its start and end.

    One grouped query by day (answered by the day tally when it can), coarsened here to weeks or months when
    the span is long. `end` is exclusive, as the `until` filter is.
    """
    view = view or MapView()
    days = aggregate(queryset, "day", viewport=view.viewport, extent=view.extent, source=view.source)["buckets"]
    # Only the supported dates are drawn: an odd row stored by an older version (year 1, year 9999) would
    # stretch the axis over millennia, and its bucket's end overflow the calendar.
    days = [day for day in days if day["key"] and in_range(dt.date.fromisoformat(day["key"]))]
    if not days:
        return {"by": "day", "buckets": [], "total": 0}
    first, last = dt.date.fromisoformat(days[0]["key"]), dt.date.fromisoformat(days[-1]["key"])
    by = "day" if last - first <= DAY_SPAN else "week" if last - first <= WEEK_SPAN else "month"
    merged: dict[str, dict] = {}
    for day in days:
        key = _coarser_key(by, dt.date.fromisoformat(day["key"]))
        bucket = merged.get(key)
        if bucket is None:
            start, end = _bucket_bounds(by, key)
            bucket = merged[key] = {"key": key, "label": time_label(by, key), "count": 0, "fatalities": 0,
                                    "start": start.isoformat(), "end": end.isoformat()}
        bucket["count"] += day["count"]
        bucket["fatalities"] += day["fatalities_best"]
    return {"by": by, "buckets": list(merged.values()), "total": sum(b["count"] for b in merged.values())}

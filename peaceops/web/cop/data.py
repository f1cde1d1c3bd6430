"""The COP's data: the user's visible, filtered incidents as hexagons, points and a time histogram.

Every function takes a queryset that already went through `Incident.objects.visible_to(user)` and
`filter_incidents`, so nothing here can show an incident the user may not see.
"""

import datetime as dt
from dataclasses import dataclass

import h3
from django.db.models import Max, Min

from peaceops.geo.h3cells import boundary_lonlat
from peaceops.incidents import tally
from peaceops.incidents.aggregates import aggregate
from peaceops.incidents.filters import filter_incidents
from peaceops.incidents.models import Incident
from peaceops.incidents.tally import TallySource
from peaceops.incidents.viewport import Viewport, extent_of, viewport_of

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
    return filter_incidents(visible, filter_params(query, without=without))


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
            "id", "title", "lon", "lat", "category_id", "occurred_start", "fatalities_best", "injured_best"
        )[: cap + 1]
    )
    if len(rows) > cap:
        return {"type": "FeatureCollection", "mode": "points", "overflow": True, "cap": cap, "features": []}
    features = []
    for pk, title, lon, lat, category_id, start, fatalities, injured in rows:
        style = styles.get(category_id)
        features.append({
            "type": "Feature",
            "id": str(pk),
            "properties": {
                "id": str(pk), "title": title, "occurred_start": start.isoformat(),
                "category": style.path if style else "", "category_name": style.name if style else "",
                "group": style.group if style else "", "group_name": style.group_name if style else "",
                "colour": style.colour if style else UNCATEGORISED,
                "fatalities": fatalities, "injured": injured,
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


def _span(queryset, view: MapView) -> dt.timedelta | None:
    """Time from the first to the last incident (None when there is none), from the tallies when they can say."""
    if view.source is not None:
        days = tally.day_span(view.source)
        if days is None:
            return None
        if days is not False:
            return days[1] - days[0]
    span = queryset.order_by().aggregate(first=Min("occurred_start"), last=Max("occurred_start"))
    return None if span["first"] is None else span["last"] - span["first"]


def histogram(queryset, view: MapView | None = None) -> dict:
    """Incident counts per day, week or month (chosen by the time span), each bucket with its start and end.

    Two queries: the span, then the grouped counts. `end` is exclusive, as the `until` filter is.
    """
    view = view or MapView()
    length = _span(queryset, view)
    if length is None:
        return {"by": "day", "buckets": [], "total": 0}
    by = "day" if length <= DAY_SPAN else "week" if length <= WEEK_SPAN else "month"
    result = aggregate(queryset, by, viewport=view.viewport, extent=view.extent, source=view.source)
    buckets = []
    for bucket in result["buckets"]:
        start, end = _bucket_bounds(by, bucket["key"])
        buckets.append({"key": bucket["key"], "label": bucket["label"], "count": bucket["count"],
                        "fatalities": bucket["fatalities_best"], "start": start.isoformat(),
                        "end": end.isoformat()})
    return {"by": by, "buckets": buckets, "total": result["total"]["count"]}

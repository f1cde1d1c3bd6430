"""The duplicate hint: incidents already reported close to a new report in place, time and category.

A watch officer about to log "shots fired near the bridge at 14:30" should see that a colleague logged the
same shots at 14:10 two kilometres away. Candidates are found with a bounding box and a time window in SQL
(served by the lon/lat index), then measured exactly (great-circle distance, gap between the reported time
and the incident's time span) in Python.
"""

import datetime as dt
import math
from dataclasses import dataclass

from .models import Incident

EARTH_RADIUS_KM = 6371.0088
#: Upper bound on candidate rows read from the bounding box (a dense city over a day stays far below).
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class LikelyDuplicate:
    """An existing incident near a report: how far away (km) and how far apart in time (hours, 0 = overlap)."""

    incident: Incident
    km: float
    hours: float


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance between two WGS84 points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _bbox(lon: float, lat: float, km: float) -> tuple[float, float, float, float]:
    """A box containing every point within `km` of (lon, lat) (generous near the poles)."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlon = min(180.0, dlat / max(cos_lat, 1e-6))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def _gap_hours(when: dt.datetime, start: dt.datetime, end: dt.datetime) -> float:
    """Hours between `when` and the span start..end (0 when `when` falls inside it)."""
    if when < start:
        return (start - when).total_seconds() / 3600
    if when > end:
        return (when - end).total_seconds() / 3600
    return 0.0


def likely_duplicates(user, mission, lon: float, lat: float, when: dt.datetime, category=None,
                      km: float = 5, hours: float = 12, limit: int = 10, *, exclude_id=None
                      ) -> list[LikelyDuplicate]:
    """Incidents the user may see in `mission`, of `category` (any category if None), within `km` of
    (lon, lat) and whose time span comes within `hours` of `when`; nearest in time, then in space, first.
    `exclude_id` leaves out the incident being edited."""
    min_lon, min_lat, max_lon, max_lat = _bbox(lon, lat, km)
    window = dt.timedelta(hours=hours)
    candidates = (
        Incident.objects.visible_to(user)
        .filter(mission=mission, lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat,
                occurred_start__lte=when + window, occurred_end__gte=when - window)
        .select_related("category")
        .only("id", "title", "occurred_start", "occurred_end", "lon", "lat", "location_name", "status",
              "classification", "category__id", "category__name", "category__names", "category__path")
        .order_by("occurred_start", "id")
    )
    if category is not None:
        candidates = candidates.filter(category=category)
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    found = []
    for incident in candidates[:MAX_CANDIDATES]:
        distance = haversine_km(lon, lat, incident.lon, incident.lat)
        if distance <= km:
            gap = _gap_hours(when, incident.occurred_start, incident.occurred_end)
            found.append(LikelyDuplicate(incident=incident, km=distance, hours=gap))
    found.sort(key=lambda d: (d.hours, d.km, str(d.incident.pk)))
    return found[:limit]

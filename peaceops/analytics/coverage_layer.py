"""The COP layer "Where we are not looking": the coverage cells of the slider's weeks as hexagons coloured by
the not-looking index (see `coverage`). The weeks: those the window spans (at most `coverage.MAX_WEEKS`, the
latest kept); with no window, the last complete week."""

from functools import lru_cache

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.core.kit.layers import MapLayer, register_layer
from peaceops.core.models import Mission
from peaceops.geo import h3cells
from peaceops.operations.models import Patrol

from . import coverage

#: Colours of the index from low to high (five bands of 0.2).
INDEX_COLOURS = ("#1a9850", "#a6d96a", "#fee08b", "#fc8d59", "#d73027")


@lru_cache(maxsize=65536)
def outline(cell: int) -> list:
    """A cell's ring, to 5 decimals (about a metre): a quarter of the JSON of full floats."""
    return [[round(lon, 5), round(lat, 5)] for lon, lat in h3cells.boundary_lonlat(cell)]


def index_colour(index: float) -> str:
    return INDEX_COLOURS[min(len(INDEX_COLOURS) - 1, int(index * len(INDEX_COLOURS)))]


def weeks_of(window) -> list:
    if window.since is None and window.until is None:
        return [coverage.last_full_week()]
    last = window.last_day()
    first = window.since.date() if window.since is not None else last
    return coverage.weeks_between(first, last)


def features(user, mission_id: int, window) -> list[dict]:
    """The cells with exposure or presence, as GeoJSON polygons with their figures."""
    mission = Mission.objects.get(pk=mission_id)
    weeks = weeks_of(window)
    result = coverage.compute(user, mission, weeks)
    url = reverse("analytics:coverage") + f"?week={weeks[-1].isoformat()}"
    out = []
    texts = {"incidents": _("Incidents: %(n)s"), "hours": _("Hours of presence: %(h)s"),
             "index": _("Index: %(i).2f"), "forecast": _("Forecast: %(p).0f%%")}  # translated once
    for row in result.cells:
        hours, name = round(row.hours, 1), row.hex
        details = [texts["incidents"] % {"n": row.incidents}, texts["hours"] % {"h": hours},
                   texts["index"] % {"i": row.index}]
        if row.forecast is not None:
            details.insert(1, texts["forecast"] % {"p": row.forecast * 100})
        out.append({"type": "Feature", "id": name,
                    "geometry": {"type": "Polygon", "coordinates": [outline(row.cell)]},
                    "properties": {"layer": "coverage", "name": name, "cell": name, "incidents": row.incidents,
                                   "hours": hours, "forecast": row.forecast, "index": round(row.index, 3),
                                   "colour": index_colour(row.index), "details": details, "url": url}})
    return out


register_layer(MapLayer(key="coverage", label=gettext_lazy("Where we are not looking"), model=Patrol,
                        colour=INDEX_COLOURS[-1], symbol="hexagon", build=features,
                        legend=gettext_lazy("Cell: high exposure, low presence"), shown_at_start=False))

"""What a COP request asks for: the incident filters from its query string, and the map zoom it is drawn at.

The filter panel's state lives in the page URL with the same parameter names the API uses (since, until,
category, admin_area, actor, status, classification, q), so a copied link reproduces the view; data requests
add the map's bbox and zoom. The mission is never taken from the query string: it is the user's current one.
"""

from django.http import QueryDict

from peaceops.geo import h3cells

#: Query parameters forwarded to `filter_incidents` (the COP's filter panel plus the map viewport).
FILTER_KEYS = ("bbox", "since", "until", "category", "admin_area", "actor", "status", "classification", "q")
#: The time window; the histogram ignores it so that a selection can be widened again.
TIME_KEYS = ("since", "until")
#: The finest hexagons the COP draws; beyond it the map shows individual incidents.
MAX_HEX_RESOLUTION = 10
#: Most incidents sent as individual markers; a view holding more stays on hexagons.
POINTS_CAP = 5000


def filter_params(query: QueryDict, *, without: tuple[str, ...] = ()) -> dict[str, str]:
    """The non-empty filter parameters of a query string (minus `without`), ready for `filter_incidents`."""
    params = {}
    for key in FILTER_KEYS:
        value = query.get(key, "").strip()
        if value and key not in without:
            params[key] = value
    return params


def resolution_for_zoom(zoom: float) -> int:
    """The H3 resolution whose hexagons are some 20-40 screen pixels across at a MapLibre zoom level.

    One zoom level halves the metres per pixel; one H3 resolution divides the cell width by about 2.65,
    i.e. 1.5 zoom levels. Zoom 8 (a region the size of Kosovo on screen) gives resolution 6 (cells ~7 km wide).
    """
    resolution = round((2 * zoom + 2) / 3)
    return max(0, min(MAX_HEX_RESOLUTION, h3cells.MAX_AGGREGATE_RESOLUTION, resolution))


def zoom_of(query: QueryDict, default: float = 6.0) -> float:
    """The `zoom` parameter as a number (the default when absent or not a number)."""
    try:
        zoom = float(query.get("zoom", default))
    except ValueError:
        return default
    return zoom if 0 <= zoom <= 24 else default

"""The COP's risk layer: the latest stored risk forecast run (`peaceops forecast run`) that the reader may
read, as GeoJSON for one level and horizon, and the levels the page offers.

Which run is shown is decided by `analytics.services.latest_run` alone (a forecast is aggregate data derived
from the incidents its builder could see; a reader sees it only when they see at least as much). Admin areas
are drawn with their stored boundary, simplified as the COP's base map is; PRIO-GRID cells as their box; H3
cells as their hexagon.
"""

from dataclasses import dataclass

import h3
import shapely
from django.http import QueryDict
from django.utils.translation import gettext_lazy
from shapely.geometry import mapping

from peaceops.analytics.forecasting.units import month_start, priogrid_cell
from peaceops.analytics.models import ForecastLevel
from peaceops.analytics.services import HORIZONS, latest_run
from peaceops.geo.models import AdminArea
from peaceops.incidents.filters import FilterError

#: Simplification tolerance in degrees, the one the COP's base map uses, so the risk areas match its outlines.
SIMPLIFY_DEGREES = 0.002
#: Shown (as `message`) when there is no run this reader may read at the level.
NO_RUN = "no forecast run readable by you"


@dataclass(frozen=True)
class RiskQuery:
    """What the risk layer is asked for: a forecasting level and a horizon (months ahead, 1..12)."""

    level: str
    horizon: int

    @classmethod
    def of(cls, query: QueryDict) -> "RiskQuery":
        """The query string's `level` (default adm1) and `horizon` (default 1); FilterError naming the field."""
        level = query.get("level", "").strip() or ForecastLevel.ADM1.value
        if level not in ForecastLevel.values:
            raise FilterError("level", gettext_lazy("must be one of %(allowed)s (not %(value)s)"),
                              allowed=", ".join(ForecastLevel.values), value=repr(level))
        raw = query.get("horizon", "").strip() or "1"
        try:
            horizon = int(raw)
        except ValueError:
            raise FilterError("horizon", gettext_lazy("must be a whole number of months from %(low)s to %(high)s "
                                                   "(not %(value)s)"), low=HORIZONS[0], high=HORIZONS[-1],
                              value=repr(raw)) from None
        if horizon not in HORIZONS:
            raise FilterError("horizon", gettext_lazy("must be from %(low)s to %(high)s months ahead"), low=HORIZONS[0],
                              high=HORIZONS[-1])
        return cls(level, horizon)


def month_label(mid: int) -> str:
    """YYYY-MM of a ViEWS month id."""
    return month_start(mid).isoformat()[:7]


def _admin_geometries(mission, ids: list[int]) -> dict[str, dict]:
    """Simplified GeoJSON geometry of the mission's admin areas, by id as text."""
    shapes = {}
    for pk, text in AdminArea.objects.filter(mission=mission, pk__in=ids).values_list("pk", "geometry"):
        shapes[str(pk)] = mapping(shapely.from_geojson(text).simplify(SIMPLIFY_DEGREES, preserve_topology=True))
    return shapes


def _cell_geometry(unit_key: str) -> dict | None:
    try:
        return mapping(priogrid_cell(int(unit_key)))
    except ValueError:
        return None


def _hexagon_geometry(unit_key: str) -> dict | None:
    """The H3 cell (stored as its hexadecimal id) as a GeoJSON polygon in lon/lat."""
    try:
        ring = [[lon, lat] for lat, lon in h3.cell_to_boundary(unit_key)]
    except (ValueError, h3.H3BaseException):
        return None
    return {"type": "Polygon", "coordinates": [ring + ring[:1]]}


def risk_layer(mission, reader, query: RiskQuery) -> dict:
    """One feature per unit of the latest run `reader` may read at the level, for the horizon: the unit's
    geometry and its forecast. An empty collection with `message` when there is no such run."""
    rows = list(latest_run(mission, query.level, reader).filter(horizon=query.horizon)
                .select_related("built_by").order_by("unit_label", "unit_key"))
    collection = {"type": "FeatureCollection", "level": query.level, "horizon": query.horizon, "count": 0,
                  "features": []}
    if not rows:
        return {**collection, "message": NO_RUN}
    first = rows[0]
    run = {"origin": month_label(first.origin_month), "target_month": month_label(first.target_month),
           "model": first.model_name, "built_by": first.built_by.username if first.built_by else "",
           "created_at": first.created_at.isoformat()}
    if query.level == ForecastLevel.PRIOGRID:
        shapes = {f.unit_key: _cell_geometry(f.unit_key) for f in rows}
    elif query.level == ForecastLevel.H3:
        shapes = {f.unit_key: _hexagon_geometry(f.unit_key) for f in rows}
    else:
        shapes = _admin_geometries(mission, [f.admin_area_id for f in rows if f.admin_area_id])
    features = []
    for f in rows:
        geometry = shapes.get(f.unit_key)
        if geometry is None:
            continue
        features.append({
            "type": "Feature",
            "id": len(features),
            "properties": {
                "unit": f.unit_key, "label": f.unit_label or f.unit_key,
                "target_month": month_label(f.target_month), "horizon": f.horizon,
                "p10": f.p10, "p50": f.p50, "p90": f.p90, "mean": f.mean, "prob_1": f.prob_1, "prob_25": f.prob_25,
                "origin": run["origin"], "model": run["model"], "built_by": run["built_by"],
                "created_at": run["created_at"],
            },
            "geometry": geometry,
        })
    return {**collection, **run, "count": len(features), "features": features}


def readable_levels(mission, reader) -> list[dict]:
    """The levels with a run `reader` may read, each with its origin month and the 12 target months (for the
    page's level and horizon selectors)."""
    levels = []
    for level in ForecastLevel:
        origin = latest_run(mission, level, reader).values_list("origin_month", flat=True).first()
        if origin is not None:
            levels.append({"value": level.value, "label": str(level.label), "origin": month_label(origin),
                           "months": [month_label(origin + h) for h in HORIZONS]})
    return levels

"""The registry of map layers: a located record type offers the COP a layer of its records.

    register_layer(MapLayer(key="sites", label=_("Deployment sites"), model=Site, colour="#1f3a93",
                            properties=site_properties))

The COP (`peaceops.web.cop.layers`) draws every registered layer whose records the user may see in the current
mission (`<app>.<model>.view`), read through `visible_to(user)`, with a legend entry and a toggle.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .permissions import has_perm, perm_code


@dataclass(frozen=True)
class MapLayer:
    """A layer of located records: `properties(record)` gives each point's popup (name, type, url...); a
    `colour` among them draws that point in its own colour (alerts: by priority band), else the layer's.
    Records without a position are left out."""

    key: str
    label: str
    model: type
    colour: str
    properties: Callable[[object], dict]
    symbol: str = "circle"
    prefetch: tuple[str, ...] = ()

    def may_see(self, user, mission_id: int) -> bool:
        return has_perm(user, mission_id, perm_code(self.model, "view"))

    def features(self, user, mission_id: int) -> list[dict]:
        """The layer's records the user may see in the mission, as GeoJSON features."""
        records = list(self.model.objects.visible_to(user).filter(mission_id=mission_id, lon__isnull=False)
                       .prefetch_related(*self.prefetch).order_by("pk"))
        from .personal import hide_personal
        from .sealing import shown  # STRICTLY CONFIDENTIAL records shown on the map

        hide_personal(user, records)  # popups never carry personal data the user may not see
        shown(user, records, via="cop-layer")
        return [{"type": "Feature", "id": str(r.pk), "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                 "properties": {"layer": self.key, **self.properties(r)}} for r in records]


_LAYERS: dict[str, MapLayer] = {}


def register_layer(layer: MapLayer) -> None:
    _LAYERS[layer.key] = layer


def registered_layers() -> list[MapLayer]:
    return list(_LAYERS.values())


def layer(key: str) -> MapLayer | None:
    return _LAYERS.get(key)

"""The registry of map layers: a located record type offers the COP a layer of its records.

    register_layer(MapLayer(key="sites", label=_("Deployment sites"), model=Site, colour="#1f3a93",
                            properties=site_properties))

The COP (`peaceops.web.cop.layers`) draws every registered layer whose records the user may see in the current
mission (`<app>.<model>.view`), read through `visible_to(user)`, with a legend entry and a toggle.

A layer may also give:
- `geometry(record)`: a GeoJSON geometry (a patrol's line) or None, instead of the record's lon/lat point; a
  model without lon/lat must give it;
- `time`: each feature's time span for the COP's time slider, either `(start_field, end_field)` (filtered in
  the database; an empty end means still open) or a callable `record -> (start, end)` (dates or date-times,
  either may be None); `features(..., window=TimeWindow(since, until))` keeps the features whose span meets
  the window [since, until) as the incidents' slider does on their `occurred_start`;
- `select(user, records, window)`: a last step over the fetched records (e.g. a unit placed at its deployment
  of the window's last day), returning those to draw;
- `build(user, mission_id, window)`: features not made of records at all (the coverage hexagons); `model` then
  only names the permission.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from .permissions import has_perm, perm_code


@dataclass(frozen=True)
class TimeWindow:
    """The COP's time window: `since` inclusive, `until` exclusive (UTC date-times; None = open)."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def last_day(self) -> dt.date:
        """The window's last day (the day before `until`), or today when the window is open at its end."""
        if self.until is None:
            return dt.datetime.now(dt.UTC).date()
        return (self.until - dt.timedelta(microseconds=1)).date()

    def meets(self, start, end) -> bool:
        """Whether a span [start, end] (dates or date-times; None = open) meets the window."""
        if self.until is not None and start is not None and _moment(start, self.until.tzinfo) >= self.until:
            return False
        if self.since is not None and end is not None:
            # a span ending on a day lasts through that day
            limit = _moment(end, self.since.tzinfo, end_of_day=True)
            if limit < self.since:
                return False
        return True


OPEN = TimeWindow()


def _moment(value, tz, end_of_day: bool = False) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz or dt.UTC)
    moment = dt.datetime.combine(value, dt.time(), tzinfo=tz or dt.UTC)
    return moment + dt.timedelta(days=1) - dt.timedelta(microseconds=1) if end_of_day else moment


def _point(record) -> dict | None:
    if getattr(record, "lon", None) is None or getattr(record, "lat", None) is None:
        return None
    return {"type": "Point", "coordinates": [record.lon, record.lat]}


@dataclass(frozen=True)
class MapLayer:
    """A layer of located records: `properties(record)` gives each feature's popup (name, type, url...); a
    `colour` among them draws that feature in its own colour (alerts: by priority band), else the layer's.
    Records without a geometry are left out. See the module for `geometry`, `time`, `select` and `build`."""

    key: str
    label: str
    model: type
    colour: str
    properties: Callable[[object], dict] | None = None
    symbol: str = "circle"
    prefetch: tuple[str, ...] = ()
    geometry: Callable[[object], dict | None] | None = None
    time: tuple[str, str] | Callable[[object], tuple] | None = None
    select: Callable | None = None
    build: Callable | None = None
    #: Whether the COP opens with the layer shown (an aggregate computed per view, coverage, waits to be asked)
    shown_at_start: bool = True
    related: tuple[str, ...] = ()
    legend: str | None = None

    def may_see(self, user, mission_id: int) -> bool:
        return has_perm(user, mission_id, perm_code(self.model, "view"))

    def _has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.model._meta.get_fields())

    def _records(self, user, mission_id: int, window: TimeWindow) -> list:
        qs = self.model.objects.visible_to(user).filter(mission_id=mission_id)
        if self.geometry is None and self._has_field("lon"):
            qs = qs.filter(lon__isnull=False)
        if isinstance(self.time, tuple):
            start, end = self.time
            if window.until is not None:
                qs = qs.filter(Q(**{f"{start}__lt": window.until}) | Q(**{f"{start}__isnull": True}))
            if window.since is not None:
                qs = qs.filter(Q(**{f"{end}__gte": window.since}) | Q(**{f"{end}__isnull": True}))
        records = list(qs.select_related(*self.related).prefetch_related(*self.prefetch).order_by("pk"))
        if callable(self.time):
            records = [r for r in records if window.meets(*self.time(r))]
        if self.select is not None:
            records = list(self.select(user, records, window))
        return records

    def features(self, user, mission_id: int, window: TimeWindow = OPEN) -> list[dict]:
        """The layer's features the user may see in the mission within the time window, as GeoJSON."""
        if self.build is not None:
            return self.build(user, mission_id, window)
        records = self._records(user, mission_id, window)
        from .personal import hide_personal
        from .sealing import shown  # STRICTLY CONFIDENTIAL records shown on the map

        hide_personal(user, records)  # popups never carry personal data the user may not see
        shown(user, records, via="cop-layer")
        geometry = self.geometry or _point
        features = []
        for r in records:
            shape = geometry(r)
            if shape is not None:
                features.append({"type": "Feature", "id": str(r.pk), "geometry": shape,
                                 "properties": {"layer": self.key, **(self.properties(r) if self.properties else {})}})
        return features


_LAYERS: dict[str, MapLayer] = {}


def register_layer(layer: MapLayer) -> None:
    _LAYERS[layer.key] = layer


def registered_layers() -> list[MapLayer]:
    return list(_LAYERS.values())


def layer(key: str) -> MapLayer | None:
    return _LAYERS.get(key)

"""Track files: GPX (gpxpy) and GeoJSON (LineString, MultiLineString, a Feature of one, or a FeatureCollection of
Points with a `time` property), read into positions for `store.store_positions`, tidied as real devices need:

- several tracks and segments are joined in time order (the gaps between them stay gaps: no presence);
- points without a time get one interpolated between their timed neighbours when the file has times (points
  before the first or after the last timed one are dropped and counted); a file without any time is spread
  evenly over the patrol's actual times (else its planned ones), and the answer says so;
- a point that jumps away and back (faster than `MAX_SPEED` m/s both ways, e.g. 50 km in one second) is an
  outlier: dropped and counted;
- duplicate points (same time) are kept once;
- a file with only a route or waypoints (no track) is refused with a message: a planned route is drawn or
  picked on the patrol's form, not uploaded as a track.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

import gpxpy
import gpxpy.gpx
import numpy as np
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError

from ..choices import TrackSource
from .geometry import segment_metres

#: Faster than this (m/s, about 1,000 km/h), both to and from a point, the point is an outlier.
MAX_SPEED = 280.0
#: The largest track file accepted (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class TrackFile:
    """What a file gave: `positions` (dicts for `store_positions`), its `source`, and what was done."""

    source: str
    positions: list = field(default_factory=list)
    read: int = 0
    outliers: int = 0
    timed: int = 0
    interpolated: int = 0
    untimed_dropped: int = 0
    spread: bool = False
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"read": self.read, "kept": len(self.positions), "outliers_dropped": self.outliers,
                "times_interpolated": self.interpolated, "untimed_dropped": self.untimed_dropped,
                "times_spread": self.spread, "notes": [str(n) for n in self.notes]}


def _utc(t):
    if t is None:
        return None
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


def _gpx(text: str) -> list[tuple]:
    try:
        gpx = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise FieldError("file", _("is not a GPX file that can be read: %(error)s"), error=str(error)[:200]) from None
    points = [(_utc(p.time), p.longitude, p.latitude, p.elevation)
              for track in gpx.tracks for segment in track.segments for p in segment.points]
    if not points and (gpx.routes or gpx.waypoints):
        raise FieldError("file", _("holds only a route or waypoints, no track: draw or pick the planned route on "
                                   "the patrol's form instead"))
    return points


def _time(value):
    if not isinstance(value, str):
        return None
    try:
        return _utc(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def _geojson(text: str) -> list[tuple]:
    try:
        data = json.loads(text)
    except ValueError:
        raise FieldError("file", _("is not a GeoJSON file that can be read")) from None
    features = data.get("features", []) if data.get("type") == "FeatureCollection" else [data]
    points = []
    for feature in features if isinstance(features, list) else []:
        geometry = feature.get("geometry", feature) if isinstance(feature, dict) else {}
        props = (feature.get("properties") or {}) if isinstance(feature, dict) else {}
        kind, coords = geometry.get("type"), geometry.get("coordinates")
        try:
            if kind == "Point":
                points.append((_time(props.get("time")), *_xyz(coords)))
            elif kind in ("LineString", "MultiLineString"):
                lines = [coords] if kind == "LineString" else coords
                times = props.get("coordTimes") or props.get("times") or []
                times = [times] if kind == "LineString" else times
                for n, line in enumerate(lines):
                    line_times = times[n] if n < len(times) and isinstance(times[n], list) else []
                    points.extend((_time(line_times[i]) if i < len(line_times) else None, *_xyz(c))
                                  for i, c in enumerate(line))
        except (TypeError, ValueError, IndexError):
            raise FieldError("file", _("holds a geometry whose coordinates are not [lon, lat]")) from None
    if not points:
        raise FieldError("file", _("holds no track: a LineString, MultiLineString or Points with times"))
    return points


def _xyz(coords) -> tuple:
    lon, lat = float(coords[0]), float(coords[1])
    return lon, lat, float(coords[2]) if len(coords) > 2 and coords[2] is not None else None


def _times(found: TrackFile, points: list[tuple], patrol) -> list[tuple]:
    timed = [i for i, p in enumerate(points) if p[0] is not None]
    found.timed = len(timed)
    if not timed:
        start = patrol.started_at or patrol.planned_start
        end = patrol.ended_at or patrol.planned_end
        steps = max(len(points) - 1, 1)
        found.spread = True
        found.notes.append(_("the file has no times: its points were spread evenly from %(start)s to %(end)s")
                           % {"start": start.isoformat(), "end": end.isoformat()})
        return [(start + (end - start) * i / steps, *p[1:]) for i, p in enumerate(points)]
    out = []
    for i, p in enumerate(points):
        if p[0] is not None:
            out.append(p)
            continue
        before = max((j for j in timed if j < i), default=None)
        after = min((j for j in timed if j > i), default=None)
        if before is None or after is None:
            found.untimed_dropped += 1
            continue
        t0, t1 = points[before][0], points[after][0]
        out.append((t0 + (t1 - t0) * ((i - before) / (after - before)), *p[1:]))
        found.interpolated += 1
    if found.interpolated:
        found.notes.append(_("%(n)s points without a time got one between their timed neighbours")
                           % {"n": found.interpolated})
    if found.untimed_dropped:
        found.notes.append(_("%(n)s points without a time before the first or after the last timed one were "
                             "dropped") % {"n": found.untimed_dropped})
    return out


def _drop_outliers(found: TrackFile, points: list[tuple]) -> list[tuple]:
    """Points reached and left faster than `MAX_SPEED` (a spike away and back) are dropped."""
    if len(points) < 3:
        return points
    ts = np.array([p[0].timestamp() for p in points])
    metres = segment_metres(np.array([p[1] for p in points]), np.array([p[2] for p in points]))
    speed = metres / np.maximum(np.diff(ts), 1.0)
    fast = speed > MAX_SPEED
    into = np.concatenate([[True], fast])  # the first point has no way in: judged by its way out
    out = np.concatenate([fast, [True]])
    spike = into & out
    spike[0] = fast[0] and (len(fast) < 2 or not fast[1])  # first point far from the rest that agree
    spike[-1] = fast[-1] and (len(fast) < 2 or not fast[-2])
    found.outliers = int(spike.sum())
    if found.outliers:
        found.notes.append(_("%(n)s points jumping too far too fast were dropped as outliers") % {"n": found.outliers})
    return [p for p, bad in zip(points, spike, strict=True) if not bad]


def read_track(name: str, content: bytes, patrol) -> TrackFile:
    """Read a track file (GPX or GeoJSON, by its name or content) into tidy positions (see the module)."""
    if len(content) > MAX_FILE_BYTES:
        raise FieldError("file", _("is larger than %(n)s MB"), n=MAX_FILE_BYTES // (1024 * 1024))
    text = content.decode("utf-8-sig", errors="replace").lstrip()
    is_json = name.lower().endswith((".json", ".geojson")) or text.startswith("{")
    found = TrackFile(source=TrackSource.GEOJSON if is_json else TrackSource.GPX)
    points = _geojson(text) if is_json else _gpx(text)
    found.read = len(points)
    points = [p for p in points if -180 <= p[1] <= 180 and -90 <= p[2] <= 90]
    points = _times(found, points, patrol)
    points.sort(key=lambda p: p[0])
    points = _drop_outliers(found, points)
    found.positions = [{"t": t, "lon": lon, "lat": lat, "elevation_m": ele} for t, lon, lat, ele in points]
    if not found.positions:
        raise FieldError("file", _("holds no position that could be kept"))
    return found


def upload_track(patrol, name: str, content: bytes, *, acting_user, replace: bool = False) -> dict:
    """Read a track file and store its positions (`store.store_positions`, with a change-log entry on the
    patrol: the upload extends its track, or replaces it with `replace`); what was read and stored."""
    from .store import store_positions

    found = read_track(name, content, patrol)
    reason = (_("track replaced by the file %(name)s") if replace else _("track extended by the file %(name)s")) \
        % {"name": name[:100]}
    stored = store_positions(patrol, found.positions, acting_user=acting_user, source=found.source,
                             replace=replace, log_reason=str(reason))
    return {**found.as_dict(), **stored.as_dict(), "notes": [str(n) for n in [*found.notes, *stored.notes]]}

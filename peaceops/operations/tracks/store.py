"""The one door for a patrol's positions: `store_positions` checks a batch (all or nothing), stores each position
once (same patrol and time: the same position), and keeps the patrol's `PatrolTrack` and `CellPresence` up to
date in the same transaction: incrementally when the batch comes after the positions already stored (the usual
case, a phone sending as it goes), recomputed from all the patrol's positions when it does not (out of order,
late sync).

The change log: positions are telemetry, sent every few seconds by a phone: one change-log entry per batch would
bury the patrol's history under them. The patrol's history gets one entry when its track starts (its first
positions arrive), and one for each track file uploaded (which extends or, with `replace`, replaces the track):
the events a reader of the history needs, with the track's summary (points, first and last time, length) before
and after.
"""

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

import numpy as np
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.errors import FieldError

from ..choices import PatrolStatus, TrackSource
from ..linking import positions_arrived
from ..models import CellPresence, Patrol, PatrolTrack, TrackPoint
from . import geometry

#: The most positions one batch may hold.
MAX_BATCH = 5_000
#: Positions are accepted from this time to a day after now (a clock far off is refused).
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(days=1)


@dataclass
class Stored:
    """What a batch did: positions `stored` (new), `duplicates` (already there, or twice in the batch), `points`
    (the track's total after it), `outside` (positions outside the patrol's planned and actual times), `notes`
    (what a reader should know, in words)."""

    stored: int = 0
    duplicates: int = 0
    points: int = 0
    outside: int = 0
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"stored": self.stored, "duplicates": self.duplicates, "points": self.points,
                "outside_patrol_times": self.outside, "notes": [str(n) for n in self.notes]}


def _time(value, name: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise FieldError(name, _("is not an ISO 8601 time")) from None
    if not isinstance(value, dt.datetime):
        raise FieldError(name, _("is required (an ISO 8601 time)"))
    value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if not EARLIEST <= value <= dt.datetime.now(dt.UTC) + FUTURE_SLACK:
        raise FieldError(name, _("is outside the supported times (from 2000 to tomorrow)"))
    return value


def _number(value, name: str, low: float, high: float, *, required: bool = True) -> float | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(name, _("must be a number"))
    try:
        number = float(value)
    except ValueError:
        raise FieldError(name, _("must be a number")) from None
    if not low <= number <= high:  # NaN fails too
        raise FieldError(name, _("must be from %(low)s to %(high)s"), low=low, high=high)
    return number


_NUMBER_TYPES = {int, float}
_OPTIONAL_TYPES = {int, float, type(None)}


def _in_range(values: list, low: float, high: float, types: set) -> np.ndarray | None:
    """The values as floats when all are numbers (or None, for optional ones) within [low, high], else None."""
    if not set(map(type, values)) <= types:
        return None
    array = np.array(values, dtype=float)  # None: NaN
    given = ~np.isnan(array) if types is _OPTIONAL_TYPES else True
    if not np.all(((array >= low) & (array <= high)) | ~np.asarray(given, dtype=bool)):
        return None
    if types is _NUMBER_TYPES and np.isnan(array).any():
        return None
    return array


def _clean_in_bulk(positions: list) -> list[tuple] | None:
    """The batch cleaned in bulk when every position is plainly good (the usual case: ISO strings and numbers),
    else None: `clean_positions` then checks one by one to name the first bad position."""
    try:
        times = list(map(dt.datetime.fromisoformat, map(itemgetter("t"), positions)))
        columns = [list(map(itemgetter(k), positions)) for k in ("lon", "lat")]
        optional = [[p.get(k) for p in positions] for k in ("accuracy_m", "elevation_m")]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if set(map(attrgetter("tzinfo"), times)) != {dt.UTC}:
        times = [t if t.tzinfo is dt.UTC else t.replace(tzinfo=dt.UTC) if t.tzinfo is None
                 else t.astimezone(dt.UTC) for t in times]
    if min(times) < EARLIEST or max(times) > dt.datetime.now(dt.UTC) + FUTURE_SLACK:
        return None
    lon = _in_range(columns[0], -180, 180, _NUMBER_TYPES)
    lat = _in_range(columns[1], -90, 90, _NUMBER_TYPES)
    accuracy = _in_range(optional[0], 0, 1e6, _OPTIONAL_TYPES)
    elevation = _in_range(optional[1], -12_000, 100_000, _OPTIONAL_TYPES)
    if lon is None or lat is None or accuracy is None or elevation is None:
        return None
    return list(zip(times, lon.tolist(), lat.tolist(), optional[0], optional[1], strict=True))


def clean_positions(positions) -> list[tuple]:
    """The batch as (t, lon, lat, accuracy_m, elevation_m) tuples, or `FieldError` naming the first bad one
    (`positions.N.lat`)."""
    if not isinstance(positions, list) or not positions:
        raise FieldError("positions", _("must be a list of one position or more"))
    if len(positions) > MAX_BATCH:
        raise FieldError("positions", _("holds more than %(n)s positions: send them in batches"), n=MAX_BATCH)
    if (rows := _clean_in_bulk(positions)) is not None:
        return rows
    rows = []
    for i, p in enumerate(positions):
        name = f"positions.{i}"
        if not isinstance(p, dict):
            raise FieldError(name, _("must be an object {t, lon, lat}"))
        rows.append((_time(p.get("t"), f"{name}.t"), _number(p.get("lon"), f"{name}.lon", -180, 180),
                     _number(p.get("lat"), f"{name}.lat", -90, 90),
                     _number(p.get("accuracy_m"), f"{name}.accuracy_m", 0, 1e6, required=False),
                     _number(p.get("elevation_m"), f"{name}.elevation_m", -12_000, 100_000, required=False)))
    return rows


def summary(track: PatrolTrack) -> dict:
    """The track's summary as the change log records it."""
    return {"points": track.points, "first_at": track.first_at.isoformat() if track.first_at else None,
            "last_at": track.last_at.isoformat() if track.last_at else None, "length_m": round(track.length_m, 1)}


def _db_id(patrol: Patrol):
    """The patrol's id as the database stores it (a UUID: text without dashes on SQLite)."""
    return TrackPoint._meta.get_field("patrol").get_db_prep_value(patrol.pk, connection)


def _sqlite_texts(ts: np.ndarray) -> list[str]:
    """UTC times (epoch seconds) as Django writes naive ones on SQLite ('2026-03-01 06:00:00', '.ffffff' only
    when there are microseconds): the text the unique index compares, so exactly Django's. In bulk with numpy."""
    micro = np.rint(ts * 1e6).astype(np.int64).astype("datetime64[us]")
    if (micro.astype(np.int64) % 1_000_000).any():
        return [str(t) for t in micro.astype(dt.datetime)]  # str of a naive datetime: Django's text
    return [text.replace("T", " ") for text in np.datetime_as_string(micro.astype("datetime64[s]")).tolist()]


#: The most positions one INSERT statement carries (7 parameters each; SQLite's limit on parameters is read from
#: the connection, PostgreSQL's is 65,535).
ROWS_A_STATEMENT = 1_000


def _rows_a_statement() -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return max(1, min(ROWS_A_STATEMENT, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 7))
    return ROWS_A_STATEMENT


def _insert(patrol: Patrol, rows: list[tuple], ts: np.ndarray, source: str) -> int:
    """Insert the positions (`ts`: their times in epoch seconds), skipping those already stored; how many were
    new. Many rows a statement (one `VALUES` list): half the database's time of one statement a row; each
    statement's row count is what it inserted (`ON CONFLICT DO NOTHING` counts only the new rows)."""
    table, patrol_id = TrackPoint._meta.db_table, _db_id(patrol)
    if connection.vendor == "sqlite":  # as Django stores them there: naive UTC text (the times are UTC already)
        times = _sqlite_texts(ts)
    else:
        times = [r[0] for r in rows]
    per = _rows_a_statement()
    added = 0
    with connection.cursor() as cursor:
        for k in range(0, len(rows), per):
            chunk = rows[k:k + per]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [v for t, r in zip(times[k:k + per], chunk, strict=True)
                      for v in (patrol_id, t, r[1], r[2], r[3], r[4], source)]
            cursor.execute(f"INSERT INTO {table} (patrol_id, t, lon, lat, accuracy_m, elevation_m, source) "
                           f"VALUES {values} ON CONFLICT (patrol_id, t) DO NOTHING", params)
            added += cursor.rowcount
    return added


def _times(points) -> np.ndarray:
    """The positions' times in epoch seconds."""
    return np.fromiter((p[0].timestamp() for p in points), dtype=float, count=len(points))


def _arrays(points, ts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ts = _times(points) if ts is None else ts
    lonlat = np.array([p[1:3] for p in points], dtype=float).reshape(len(points), 2)
    return ts, lonlat[:, 0], lonlat[:, 1]


def _add_presence(patrol: Patrol, cells: dict, *, replace: bool) -> None:
    if replace:
        CellPresence.objects.filter(patrol=patrol).delete()
    if not cells:
        return
    table = CellPresence._meta.db_table
    adapt = connection.ops.adapt_datefield_value
    sql = (f"INSERT INTO {table} (mission_id, patrol_id, week, cell, seconds) VALUES (%s, %s, %s, %s, %s) "
           f"ON CONFLICT (patrol_id, week, cell) DO UPDATE SET seconds = {table}.seconds + excluded.seconds")
    with connection.cursor() as cursor:
        patrol_id = _db_id(patrol)
        cursor.executemany(sql, [(patrol.mission_id, patrol_id, adapt(week), cell, seconds)
                                 for (week, cell), seconds in cells.items()])


def _extend(track: PatrolTrack, patrol: Patrol, new: list[tuple], new_ts: np.ndarray, added: int) -> None:
    """Add positions that all come after the track's last one (sorted, all new; `new_ts` their times)."""
    last = (TrackPoint.objects.filter(patrol=patrol, t=track.last_at).values_list("t", "lon", "lat").first()
            if track.last_at else None)
    seq = [last, *new] if last else new
    ts, lon, lat = _arrays(seq, np.concatenate([_times([last]), new_ts]) if last else new_ts)
    track.length_m += float(geometry.segment_metres(lon, lat).sum())
    track.bbox = geometry.bbox(lon, lat, track.bbox or None)
    kept = np.asarray(track.line[:-1] if last else track.line, dtype=float).reshape(-1, 2)
    track.line = geometry.simplified(np.concatenate([kept, np.column_stack([lon, lat])]))
    track.first_at = track.first_at or new[0][0]
    track.last_at = new[-1][0]
    track.points += added
    _add_presence(patrol, geometry.presence(ts, lon, lat), replace=False)


def recompute(track: PatrolTrack, patrol: Patrol) -> None:
    """Recompute the track's summary and presence from all the patrol's stored positions."""
    points = list(TrackPoint.objects.filter(patrol=patrol).order_by("t").values_list("t", "lon", "lat"))
    track.points = len(points)
    if not points:
        track.first_at = track.last_at = None
        track.length_m, track.bbox, track.line = 0.0, [], []
        _add_presence(patrol, {}, replace=True)
        return
    ts, lon, lat = _arrays(points)
    track.first_at, track.last_at = points[0][0], points[-1][0]
    track.length_m = float(geometry.segment_metres(lon, lat).sum())
    track.bbox = geometry.bbox(lon, lat)
    track.line = geometry.simplified(np.column_stack([lon, lat]))
    _add_presence(patrol, geometry.presence(ts, lon, lat), replace=True)


def _outside(patrol: Patrol, ts: np.ndarray) -> int:
    """How many of the positions (`ts`: their times in epoch seconds) fall outside the patrol's planned and actual
    times."""
    start = min(t for t in (patrol.planned_start, patrol.started_at) if t).timestamp()
    end = max(t for t in (patrol.planned_end, patrol.ended_at) if t).timestamp()
    return int(((ts < start) | (ts > end)).sum())


def store_positions(patrol: Patrol, positions, *, acting_user, source: str = TrackSource.API,
                    replace: bool = False, log_reason: str = "") -> Stored:
    """Store a batch of positions of `patrol` (dicts {t, lon, lat, accuracy_m?, elevation_m?}, in any order),
    all or none (`FieldError` naming `positions.N.<field>`). The caller has checked that `acting_user` may
    change the patrol. `replace` (track files) first removes the patrol's positions; `log_reason` (track files)
    writes a change-log entry on the patrol whatever the batch (see the module docstring)."""
    rows = clean_positions(positions)
    rows.sort(key=lambda r: r[0])
    unique = [r for i, r in enumerate(rows) if i == 0 or r[0] != rows[i - 1][0]]
    ts = _times(unique)
    result = Stored(outside=_outside(patrol, ts))
    with transaction.atomic():
        track, _created = PatrolTrack.objects.select_for_update().get_or_create(patrol=patrol)
        before = summary(track)
        if replace and track.points:
            TrackPoint.objects.filter(patrol=patrol).delete()
            track.points, track.first_at, track.last_at = 0, None, None
            track.length_m, track.bbox, track.line = 0.0, [], []
        added = _insert(patrol, unique, ts, source)
        in_order = added == len(unique) and (track.last_at is None or unique[0][0] > track.last_at)
        if replace:
            recompute(track, patrol)
        elif in_order:
            _extend(track, patrol, unique, ts, added)
        elif added:
            recompute(track, patrol)
        track.save()
        result.stored, result.duplicates, result.points = added, len(rows) - added, track.points
        if log_reason or (before["points"] == 0 and track.points):
            log_change(action=ChangeAction.UPDATE, obj=patrol, acting_user=acting_user,
                       before={"track": before}, after={"track": summary(track)},
                       reason=log_reason or str(_("track started: first positions received")))
    if result.stored and patrol.status in (PatrolStatus.COMPLETED, PatrolStatus.ABORTED):
        positions_arrived(patrol)  # a late sync after the patrol ended: its proposed incidents follow the track
    if result.outside:
        result.notes.append(_("%(n)s positions fall outside the patrol's planned and actual times")
                            % {"n": result.outside})
    return result

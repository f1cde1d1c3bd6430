"""Incidents proposed as related to a patrol: those of the patrol's mission within `DISTANCE_M` metres of its
track (its tracked positions in time order, else its planned route) and within `WINDOW` of its time out (started
to ended, else the track's first to last position, else planned start to end). The leader confirms a proposal
(a `related` record link is made) or rejects it; a decision stays when the proposals are computed again.

Who decides (`may_decide`): the patrol's leader, when they may change the patrol (a member of the owning
organisation who reports); and who may change any patrol of the mission (`operations.patrol.change_any`: the
mission's administrators), for a patrol without a leader or a leader who is away. Operations have no
supervising permission of their own. Others who may change the patrol (the watch, another reporter) run it and
report on it but do not decide.

- `propose(patrol)`: compute one patrol's proposals (after it completes, and in the worker after positions
  arrive: `propose_later`);
- `propose_all(mission)`: every patrol of a mission at once (the command `propose_incidents`), reading the
  mission's incidents once;
- `confirm(proposal, acting_user=)`, `reject(...)`: the leader's decision, logged on the patrol (`may_decide`);
- `proposals_for(patrol, user)`: what a reader is shown, only incidents the reader may see.

How: the mission's incidents as numpy arrays (time, lon, lat) sorted by time; for each patrol a binary search of
its window, a box around the track widened by the distance, then the exact distance from each remaining incident
to the track's polyline in metres, in a local equirectangular projection around the track's centre (good to well
under a metre over a patrol's extent at these distances). Proposals are a system's computation over the
mission's incidents; every read of them for a person goes through `Incident.objects.visible_to`."""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction, LinkKind
from peaceops.core.kit.links import link
from peaceops.core.services import PermissionDenied
from peaceops.incidents.models import Incident
from peaceops.worker.tasks import background_task

from .choices import ProposalStatus
from .models import IncidentProposal, Patrol, TrackPoint
from .services import PatrolService

logger = logging.getLogger(__name__)

#: How near the track an incident must be to be proposed, in metres.
DISTANCE_M = 2_000.0
#: How long before the patrol went out or after it came back an incident may have happened.
WINDOW = dt.timedelta(hours=6)
#: The Earth's mean radius (metres).
EARTH_RADIUS_M = 6_371_008.8
_METRES_PER_DEGREE = np.pi * EARTH_RADIUS_M / 180


@dataclass
class IncidentPoints:
    """A mission's incidents as arrays sorted by time: ids, times (epoch seconds), lon, lat."""

    ids: np.ndarray
    t: np.ndarray
    lon: np.ndarray
    lat: np.ndarray

    @classmethod
    def of_mission(cls, mission_id) -> "IncidentPoints":
        """Read the mission's incidents once (id, time of start as epoch seconds, position): one raw query, the
        database computing the epoch (1M incidents in a few seconds)."""
        table = connection.ops.quote_name(Incident._meta.db_table)
        epoch = ("EXTRACT(EPOCH FROM occurred_start)" if connection.vendor == "postgresql"
                 else "(julianday(occurred_start) - 2440587.5) * 86400.0")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {epoch}, lon, lat FROM {table} WHERE mission_id = %s "  # noqa: S608
                           "ORDER BY occurred_start", [mission_id])
            rows = cursor.fetchall()
        if not rows:
            empty = np.zeros(0, dtype=np.float64)
            return cls(np.zeros(0, dtype=object), empty, empty, empty)
        ids, t, lon, lat = zip(*rows, strict=True)
        return cls(np.array(ids, dtype=object), np.array(t, dtype=np.float64), np.array(lon, dtype=np.float64),
                   np.array(lat, dtype=np.float64))

    @classmethod
    def of_window(cls, mission_id, start, end) -> "IncidentPoints":
        """The mission's incidents that started between `start` and `end` (one patrol: the worker's case)."""
        rows = list(Incident.objects.filter(mission_id=mission_id, occurred_start__gte=start,
                                            occurred_start__lte=end)
                    .order_by("occurred_start").values_list("id", "occurred_start", "lon", "lat"))
        if not rows:
            empty = np.zeros(0, dtype=np.float64)
            return cls(np.zeros(0, dtype=object), empty, empty, empty)
        return cls(np.array([r[0] for r in rows], dtype=object), np.array([r[1].timestamp() for r in rows]),
                   np.array([r[2] for r in rows], dtype=np.float64), np.array([r[3] for r in rows], dtype=np.float64))


def window_of(patrol, first_at=None, last_at=None) -> tuple[dt.datetime, dt.datetime]:
    """When the patrol was out: started to ended, else its track's first to last position, else as planned
    (each end on its own)."""
    start = patrol.started_at or first_at or patrol.planned_start
    end = patrol.ended_at or last_at or patrol.planned_end
    return start, max(start, end)


def line_of(patrol, points=None) -> np.ndarray:
    """The patrol's track as an (n, 2) array of lon, lat: its positions in time order, else its planned route."""
    if points is None:
        points = list(TrackPoint.objects.filter(patrol=patrol).order_by("t").values_list("lon", "lat"))
    if not points:
        points = [tuple(p) for p in (patrol.path or [])]
    return np.asarray(points, dtype=np.float64).reshape(-1, 2)


def distances_to_line(line: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The distance in metres from each point (lon, lat) to the polyline `line` ((n, 2) lon, lat; one point is a
    point), in an equirectangular projection around the line's centre."""
    lat0 = np.radians((line[:, 1].min() + line[:, 1].max()) / 2)
    lon0 = (line[:, 0].min() + line[:, 0].max()) / 2
    kx = np.cos(lat0) * _METRES_PER_DEGREE
    vx, vy = (line[:, 0] - lon0) * kx, line[:, 1] * _METRES_PER_DEGREE
    px, py = (lon - lon0) * kx, lat * _METRES_PER_DEGREE
    if len(line) == 1:
        return np.hypot(px - vx[0], py - vy[0])
    best = np.full(len(px), np.inf)
    ax, ay, bx, by = vx[:-1], vy[:-1], vx[1:], vy[1:]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    chunk = max(1, 4_000_000 // max(1, len(ax)))  # points per block, so a block's matrix stays small
    for start in range(0, len(px), chunk):
        qx, qy = px[start:start + chunk, None], py[start:start + chunk, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.where(length2 > 0, ((qx - ax) * dx + (qy - ay) * dy) / length2, 0.0)
        s = np.clip(s, 0.0, 1.0)
        d = np.hypot(qx - (ax + s * dx), qy - (ay + s * dy))
        best[start:start + chunk] = d.min(axis=1)
    return best


def candidates(points: IncidentPoints, line: np.ndarray, start: dt.datetime, end: dt.datetime,
               distance_m: float = DISTANCE_M, window: dt.timedelta = WINDOW) -> list[tuple]:
    """(incident id, distance in metres, minutes apart) of each incident near the line in the window."""
    if not len(line) or not len(points.t):
        return []
    low = np.searchsorted(points.t, (start - window).timestamp(), side="left")
    high = np.searchsorted(points.t, (end + window).timestamp(), side="right")
    if high <= low:
        return []
    lon, lat, t = points.lon[low:high], points.lat[low:high], points.t[low:high]
    margin_lat = distance_m / _METRES_PER_DEGREE
    widest = min(89.0, float(np.abs(line[:, 1]).max()) + margin_lat)
    margin_lon = margin_lat / max(np.cos(np.radians(widest)), 1e-6)
    box = ((lon >= line[:, 0].min() - margin_lon) & (lon <= line[:, 0].max() + margin_lon)
           & (lat >= line[:, 1].min() - margin_lat) & (lat <= line[:, 1].max() + margin_lat))
    index = np.nonzero(box)[0]
    if not len(index):
        return []
    distance = distances_to_line(line, lon[index], lat[index])
    near = distance <= distance_m
    ts = t[index][near]
    apart = np.maximum(0.0, np.maximum(start.timestamp() - ts, ts - end.timestamp())) / 60.0
    ids = [value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)) for value in points.ids[low:high][index][near]]
    return list(zip(ids, distance[near].tolist(), apart.tolist(), strict=True))


def _store(found: dict, patrol_ids: list) -> int:
    """Write the proposals `found` ({patrol id: [(incident id, metres, minutes)]}) of these patrols: new ones
    added, open ones updated or dropped when no longer found, decided ones kept as they are. Returns how many
    are open after."""
    existing = {}
    for row in IncidentProposal.objects.filter(patrol_id__in=patrol_ids).only(
            "id", "patrol_id", "incident_id", "status", "distance_m", "minutes_apart"):
        existing[(row.patrol_id, row.incident_id)] = row
    new, changed, keep, open_count = [], [], set(), 0
    for patrol_id, rows in found.items():
        for incident_id, metres, minutes in rows:
            key = (patrol_id, incident_id)
            keep.add(key)
            row = existing.get(key)
            open_count += row is None or row.status == ProposalStatus.PROPOSED
            if row is None:
                new.append(IncidentProposal(patrol_id=patrol_id, incident_id=incident_id, distance_m=round(metres, 1),
                                            minutes_apart=round(minutes, 1)))
            elif row.status == ProposalStatus.PROPOSED and (row.distance_m, row.minutes_apart) != (
                    round(metres, 1), round(minutes, 1)):
                row.distance_m, row.minutes_apart = round(metres, 1), round(minutes, 1)
                changed.append(row)
    gone = [row.pk for key, row in existing.items() if key not in keep and row.status == ProposalStatus.PROPOSED]
    with transaction.atomic():
        IncidentProposal.objects.bulk_create(new, batch_size=2000)
        IncidentProposal.objects.bulk_update(changed, ["distance_m", "minutes_apart"], batch_size=2000)
        for start in range(0, len(gone), 900):
            IncidentProposal.objects.filter(pk__in=gone[start:start + 900]).delete()
    return open_count


def propose(patrol, *, points: IncidentPoints | None = None, distance_m: float = DISTANCE_M,
            window: dt.timedelta = WINDOW) -> int:
    """Compute and store one patrol's proposals; returns how many are open."""
    track = getattr(patrol, "track", None)  # none yet: the reverse accessor's error is an AttributeError
    start, end = window_of(patrol, getattr(track, "first_at", None), getattr(track, "last_at", None))
    line = line_of(patrol)
    if points is None:  # one patrol: only the incidents of its window (the mission/time index)
        points = IncidentPoints.of_window(patrol.mission_id, start - window, end + window)
    found = candidates(points, line, start, end, distance_m, window)
    return _store({patrol.pk: found}, [patrol.pk])


def propose_all(mission, *, distance_m: float = DISTANCE_M, window: dt.timedelta = WINDOW,
                patrols=None) -> dict:
    """Compute and store the proposals of every patrol of a mission (or of `patrols`, ids), the mission's
    incidents read once and the tracks read in one pass. Returns counts."""
    points = IncidentPoints.of_mission(mission.pk)
    patrol_rows = Patrol.objects.filter(mission=mission)
    if patrols is not None:
        patrol_rows = patrol_rows.filter(pk__in=patrols)
    patrol_rows = list(patrol_rows.select_related("track").only(
        "id", "path", "started_at", "ended_at", "planned_start", "planned_end", "track__first_at",
        "track__last_at"))
    found, total = {}, 0
    for start in range(0, len(patrol_rows), 500):
        group = patrol_rows[start:start + 500]
        tracks: dict = {}
        for patrol_id, lon, lat in (TrackPoint.objects.filter(patrol_id__in=[p.pk for p in group])
                                    .order_by("patrol_id", "t").values_list("patrol_id", "lon", "lat")
                                    .iterator(chunk_size=20_000)):
            tracks.setdefault(patrol_id, []).append((lon, lat))
        for patrol in group:
            track = getattr(patrol, "track", None)
            begin, end = window_of(patrol, getattr(track, "first_at", None), getattr(track, "last_at", None))
            found[patrol.pk] = candidates(points, line_of(patrol, tracks.get(patrol.pk) or None), begin, end,
                                          distance_m, window)
            total += len(found[patrol.pk])
    open_count = _store(found, [p.pk for p in patrol_rows])
    return {"patrols": len(patrol_rows), "incidents": len(points.t), "found": total, "open": open_count}


# --- the leader's decision -----------------------------------------------------------------------------------
def may_decide(user, patrol) -> bool:
    """Whether `user` may confirm or reject the patrol's proposed incidents: its leader when they may change the
    patrol, or who may change any patrol of the mission (the mission's administrators)."""
    service = PatrolService()
    if service.may(user, patrol.mission_id, "change"):  # no owner: `change` or `change_any` on any patrol
        return True
    return (patrol.leader_id is not None and patrol.leader_id == getattr(user, "pk", None)
            and service.may(user, patrol.mission_id, "change", patrol.owner_id))


def _decide(proposal: IncidentProposal, status: str, acting_user, reason: str = "") -> IncidentProposal:
    patrol = proposal.patrol
    service = PatrolService()
    service.require(acting_user, patrol.mission_id, "change", patrol.owner_id, record=patrol)
    if not may_decide(acting_user, patrol):
        raise PermissionDenied(f"{acting_user} is not the leader of patrol {patrol.pk}",
                               _("Only the patrol's leader or a mission administrator confirms or rejects the "
                                 "incidents proposed as related."))
    if not Incident.objects.visible_to(acting_user).filter(pk=proposal.incident_id).exists():
        raise PermissionDenied(f"{acting_user} does not see the proposed incident",
                               _("You may not decide on this proposal."))
    with transaction.atomic():
        locked = IncidentProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == status:
            return locked
        locked.status, locked.decided_by, locked.decided_at = status, acting_user, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if status == ProposalStatus.CONFIRMED:
            link(patrol, locked.incident, kind=LinkKind.RELATED, acting_user=acting_user,
                 reason=reason or "proposed incident confirmed")
        before = service.snapshot(patrol)
        log_change(action=ChangeAction.UPDATE, obj=patrol, acting_user=acting_user, before=before,
                   after={**before, "proposal": {"status": status, "distance_m": locked.distance_m,
                                                 "minutes_apart": locked.minutes_apart}},
                   reason=reason or f"proposed incident {status}")
    return locked


def confirm(proposal: IncidentProposal, *, acting_user, reason: str = "") -> IncidentProposal:
    """The leader confirms the incident is related: a `related` record link from the patrol to it."""
    return _decide(proposal, ProposalStatus.CONFIRMED, acting_user, reason)


def reject(proposal: IncidentProposal, *, acting_user, reason: str = "") -> IncidentProposal:
    """The leader says the incident is not related: it stays rejected when proposals are computed again."""
    return _decide(proposal, ProposalStatus.REJECTED, acting_user, reason)


def proposals_for(patrol, user) -> list[IncidentProposal]:
    """The patrol's proposals whose incident `user` may see, nearest first (the patrol read through
    `visible_to` by the caller)."""
    seen = Incident.objects.visible_to(user).filter(pk__in=IncidentProposal.objects.filter(patrol=patrol)
                                                    .values("incident_id"))
    return list(IncidentProposal.objects.filter(patrol=patrol, incident__in=seen).select_related("incident")
                .order_by("status", "distance_m"))


# --- when: after a patrol completes, and after positions arrive ----------------------------------------------
@background_task(max_attempts=3)
def propose_task(patrol_id: str) -> dict:
    """The worker's task: compute one patrol's proposals (idempotent)."""
    patrol = Patrol.objects.filter(pk=patrol_id).select_related("track").first()
    return {"open": propose(patrol) if patrol is not None else 0}


def propose_later(patrol) -> None:
    """Have the worker compute the patrol's proposals once the current transaction commits."""
    patrol_id = str(patrol.pk)

    def wake():
        try:
            propose_task.enqueue(patrol_id)
        except Exception:  # the command or the next arrival proposes them anyway
            logger.exception("could not enqueue the proposals of patrol %s", patrol_id)

    transaction.on_commit(wake)


def positions_arrived(patrol) -> None:
    """Called by the track intake after a batch of positions is stored: the proposals follow the new track."""
    propose_later(patrol)

"""/api/v1/patrols/{patrol_id}/positions (POST a batch, GET them in time order) and /track (GET the simplified
line as GeoJSON, POST a GPX or GeoJSON file): mounted before the patrols' record router. Readers see a patrol's
positions through `Patrol.objects.visible_to`; who sends or uploads must be able to change the patrol (403 for a
reader, 404 for a patrol not seen). Scopes: operations:read to read, operations:write to send."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import field_validator

from peaceops.core.dates import OUT_OF_RANGE, RANGE_PARAMS, in_range
from peaceops.core.kit.errors import FieldError

from ..api import AUTH
from ..models import Patrol, PatrolTrack, TrackPoint
from .files import upload_track
from .store import store_positions

router = Router(tags=["operations"], auth=AUTH)
#: The most positions one page of GET positions gives.
MAX_PAGE = 5_000


class PositionsIn(Schema):
    positions: list[dict]

    @field_validator("positions", mode="wrap")
    @classmethod
    def _objects(cls, value, handler):
        """A list of objects as JSON gave it (pydantic would copy each of its up to 5,000 objects: 1 ms a
        batch of 1,000); anything else goes to pydantic, which names what is wrong."""
        if type(value) is list and all(type(p) is dict for p in value):
            return value
        return handler(value)


def _patrol(request, patrol_id: uuid.UUID, *, change: bool) -> Patrol:
    """The patrol if the caller may see it (and change it, with `change`): 404 when not seen, 403 when seen but
    not to be changed. One query when allowed (the patrols one may change are among those one may see)."""
    patrol = Patrol.objects.restrict(request.auth, "change" if change else "view").filter(pk=patrol_id).first()
    if patrol is not None:
        return patrol
    if change and Patrol.objects.visible_to(request.auth).filter(pk=patrol_id).exists():
        raise HttpError(403, "you may not change this patrol")
    raise HttpError(404, "Not Found")


@router.post("/{patrol_id}/positions", response=dict, summary="Send a batch of the patrol's positions")
def send_positions(request: HttpRequest, patrol_id: uuid.UUID, body: PositionsIn):
    """Store up to 5,000 positions {t, lon, lat, accuracy_m?, elevation_m?} in any order; one sent again (same
    time) is stored once. All or nothing: a bad position answers 422 naming it (`positions.3.lat`)."""
    patrol = _patrol(request, patrol_id, change=True)
    return store_positions(patrol, body.positions, acting_user=request.auth).as_dict()


@router.get("/{patrol_id}/positions", response=dict, summary="The patrol's positions, in time order")
def list_positions(request: HttpRequest, patrol_id: uuid.UUID, limit: int = 1000, after: str | None = None):
    """A page of positions (at most `limit`, 1-5,000) after the time `after` (the last page's `next_after`)."""
    if not 1 <= limit <= MAX_PAGE:
        raise FieldError("limit", "must be from 1 to %(n)s", n=MAX_PAGE)
    patrol = _patrol(request, patrol_id, change=False)
    rows = TrackPoint.objects.filter(patrol=patrol)
    if after:
        try:
            since = dt.datetime.fromisoformat(after.replace("Z", "+00:00"))
            since = since if since.tzinfo else since.replace(tzinfo=dt.UTC)
            in_range_ = in_range(since)
        except (ValueError, OverflowError):
            raise FieldError("after", "is not an ISO 8601 time") from None
        if not in_range_:
            raise FieldError("after", OUT_OF_RANGE, **RANGE_PARAMS)
        rows = rows.filter(t__gt=since)
    items = [{"t": t.isoformat(), "lon": lon, "lat": lat, "accuracy_m": acc, "elevation_m": ele}
             for t, lon, lat, acc, ele in rows.order_by("t").values_list(
                 "t", "lon", "lat", "accuracy_m", "elevation_m")[:limit]]
    return {"items": items, "next_after": items[-1]["t"] if len(items) == limit else None}


@router.get("/{patrol_id}/track", response=dict, summary="The patrol's track, simplified, as GeoJSON")
def get_track(request: HttpRequest, patrol_id: uuid.UUID):
    """A GeoJSON Feature: the simplified line (a LineString, null before any position) and the track's summary
    (points, first_at, last_at, length_m, bbox)."""
    patrol = _patrol(request, patrol_id, change=False)
    track = PatrolTrack.objects.filter(patrol=patrol).first() or PatrolTrack(patrol=patrol)
    line = track.line
    geometry = ({"type": "LineString", "coordinates": line if len(line) > 1 else line * 2} if line else None)
    return {"type": "Feature", "geometry": geometry, "bbox": track.bbox or None,
            "properties": {"patrol": str(patrol.pk), "points": track.points, "length_m": round(track.length_m, 1),
                           "first_at": track.first_at.isoformat() if track.first_at else None,
                           "last_at": track.last_at.isoformat() if track.last_at else None}}


@router.post("/{patrol_id}/track", response=dict, summary="Upload a GPX or GeoJSON track file")
def upload(request: HttpRequest, patrol_id: uuid.UUID, file: UploadedFile = File(...),  # noqa: B008
           replace: bool = Form(False)):  # noqa: B008
    """Store a track file's positions (multipart `file`; `replace` true replaces the patrol's track): what was
    read, kept, dropped and stored, with notes on what was done to the file's points."""
    patrol = _patrol(request, patrol_id, change=True)
    return upload_track(patrol, file.name or "", file.read(), acting_user=request.auth, replace=replace)

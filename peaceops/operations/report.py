"""A patrol's report beyond its service fields: observations (`add_observation`), each turned into an incident
with one click (`make_incident`: the incidents' own service writes it, and it is linked to the patrol both by
`PatrolObservation.incident` and by a `related` record link, so the incident's page shows the patrol).

Who may change the patrol may report on it. Each change is logged on the patrol in the same transaction: its
snapshot, with an `observation` key in the after naming what was added or linked."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction, LinkKind
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.links import link
from peaceops.core.kit.services import as_utc
from peaceops.incidents.choices import LocationPrecision, TimePrecision
from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.services import create_incident

from .models import Patrol, PatrolObservation, TrackPoint
from .services import PatrolService

#: How many words of an observation make the title of its incident.
TITLE_WORDS = 8


def _require_change(user, patrol) -> None:
    PatrolService().require(user, patrol.mission_id, "change", patrol.owner_id, record=patrol)


def _logged(patrol, observation, acting_user, reason: str) -> None:
    service = PatrolService()
    before = service.snapshot(patrol)
    after = {**before, "observation": {"observed_at": observation.observed_at.isoformat(), "text": observation.text,
                                       "lon": observation.lon, "lat": observation.lat,
                                       "incident": str(observation.incident_id or "") or None}}
    log_change(action=ChangeAction.UPDATE, obj=patrol, acting_user=acting_user, before=before, after=after,
               reason=reason)


def _position(lon, lat) -> tuple[float | None, float | None]:
    if lon in (None, "") and lat in (None, ""):
        return None, None
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise FieldError("lon" if lon in (None, "") else "lat", _("must be a number (both or neither)")) from None
    if not -180 <= lon <= 180:
        raise FieldError("lon", _("must be between %(low)s and %(high)s"), low=-180, high=180)
    if not -90 <= lat <= 90:
        raise FieldError("lat", _("must be between %(low)s and %(high)s"), low=-90, high=90)
    return lon, lat


def add_observation(patrol: Patrol, *, acting_user, observed_at, text: str, lon=None, lat=None) -> PatrolObservation:
    """Record what the patrol saw (when, what, optionally where). Raises `FieldError` naming `text`,
    `observed_at`, `lon` or `lat`; `PermissionDenied` for who may not change the patrol."""
    _require_change(acting_user, patrol)
    text = (text or "").strip()
    if not text:
        raise FieldError("text", _("is required"))
    if not isinstance(observed_at, dt.datetime):
        raise FieldError("observed_at", _("must be a date and time"))
    if observed_at.tzinfo is None:
        raise FieldError("observed_at", _("must be a time with a time zone (UTC)"))
    lon, lat = _position(lon, lat)
    with transaction.atomic():
        observation = PatrolObservation.objects.create(patrol=patrol, observed_at=as_utc(observed_at), text=text,
                                                       lon=lon, lat=lat, created_by=acting_user)
        _logged(patrol, observation, acting_user, "observation added")
    return observation


def observations_of(patrol) -> list[PatrolObservation]:
    """The patrol's observations, in time order (the patrol itself was read through `visible_to`)."""
    return list(PatrolObservation.objects.filter(patrol=patrol).order_by("observed_at", "id"))


def nearest_position(patrol, at) -> tuple[float, float] | None:
    """The patrol's tracked position nearest in time to `at`, or None without a track."""
    after = TrackPoint.objects.filter(patrol=patrol, t__gte=at).order_by("t").values_list("t", "lon", "lat").first()
    before = TrackPoint.objects.filter(patrol=patrol, t__lt=at).order_by("-t").values_list("t", "lon", "lat").first()
    found = [p for p in (after, before) if p is not None]
    if not found:
        return None
    t, lon, lat = min(found, key=lambda p: abs((p[0] - at).total_seconds()))
    return lon, lat


def title_of(text: str) -> str:
    """An incident title from an observation: its first words (an ellipsis when there were more)."""
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    return (title + "…" if len(words) > TITLE_WORDS else title)[:300]


def incident_data(observation: PatrolObservation, *, lon=None, lat=None, title: str = "") -> IncidentData:
    """What the incident of an observation will hold: title from its first words, its time, its position (given,
    else the observation's, else the track's nearest in time; `FieldError("lon")` when none is known), the
    patrol's classification and releasability."""
    patrol = observation.patrol
    lon, lat = _position(lon, lat)
    if lon is None:
        lon, lat = observation.lon, observation.lat
    if lon is None:
        found = nearest_position(patrol, observation.observed_at)
        if found is None:
            raise FieldError("lon", _("is needed: the observation has no position and the patrol no track"))
        lon, lat = found
    return IncidentData(title=(title or "").strip() or title_of(observation.text),
                        occurred_start=observation.observed_at, lon=lon, lat=lat,
                        time_precision=TimePrecision.MINUTE, location_precision=LocationPrecision.EXACT,
                        description=observation.text, classification=patrol.classification,
                        releasable_to=PatrolService().snapshot(patrol)["releasable_to"])


def make_incident(observation: PatrolObservation, *, acting_user, lon=None, lat=None, title: str = ""):
    """Turn an observation into an incident owned by the patrol's owner (the incidents' `create_incident`, with
    its permission check and change log), then link it to the patrol (`observation.incident` and a `related`
    record link, each logged), all in one transaction. An observation already made an incident answers its
    incident. Raises `FieldError` (no position known, bad data) or `PermissionDenied`."""
    patrol = observation.patrol
    _require_change(acting_user, patrol)
    with transaction.atomic():
        locked = PatrolObservation.objects.select_for_update().select_related("patrol").get(pk=observation.pk)
        if locked.incident_id is not None:
            return locked.incident
        data = incident_data(locked, lon=lon, lat=lat, title=title)
        data.validate()
        incident = create_incident(acting_user=acting_user, mission=patrol.mission, data=data, owner=patrol.owner,
                                   reason="from a patrol's observation")
        locked.incident = incident
        locked.save(update_fields=["incident"])
        link(patrol, incident, kind=LinkKind.RELATED, acting_user=acting_user, reason="observed by the patrol")
        _logged(patrol, locked, acting_user, "observation made an incident")
    observation.incident = incident
    return incident

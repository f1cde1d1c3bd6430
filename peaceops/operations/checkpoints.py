"""What a checkpoint's shifts add up to, as the shift's page and the checkpoint's (site's) page show it: the
incidents near the checkpoint during a shift, the recent shifts at a checkpoint and their totals over the last
days. Every read goes through `visible_to(user)`: an incident, a shift or a weapon the user may not see is
neither listed nor counted."""

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.geo.search import distance_km
from peaceops.incidents.models import Incident
from peaceops.sites.models import Site

from .models import CheckpointShift, SeizedWeapon
from .services import CHECKPOINT_TYPES

#: How near an incident must be to count as "at the checkpoint", in metres.
NEARBY_M = 500
#: The days the checkpoint page totals.
RECENT_DAYS = 30
#: At most this many incidents or shifts on a card.
SHOWN = 20
METRES_PER_DEGREE = 111_320


@dataclass
class NearbyIncident:
    """An incident near a checkpoint, and how far from it (metres)."""

    incident: Incident
    distance_m: float


def incidents_near(user, site, since, until, *, radius_m: float = NEARBY_M, limit: int = SHOWN) -> list:
    """The incidents `user` may see in the site's mission within `radius_m` of the site that happened (their
    time span overlapping) between `since` and `until`, latest first."""
    if site.lon is None or site.lat is None:
        return []
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(site.lat)), 0.01))
    candidates = (Incident.objects.visible_to(user)
                  .filter(mission_id=site.mission_id, lon__range=(site.lon - dlon, site.lon + dlon),
                          lat__range=(site.lat - dlat, site.lat + dlat), occurred_start__lte=until,
                          occurred_end__gte=since)
                  .order_by("-occurred_start", "-id")[:limit * 10])
    found = []
    for incident in candidates:
        metres = distance_km(site.lon, site.lat, incident.lon, incident.lat) * 1000
        if metres <= radius_m:
            found.append(NearbyIncident(incident, round(metres)))
    return found[:limit]


def shift_end(shift):
    """When a shift ended, or now for a shift still under way."""
    return shift.ended_at or timezone.now()


def duration_text(shift) -> str:
    """A shift's duration in hours and minutes ("8 h 15 min"), or that it is still under way."""
    if shift.ended_at is None:
        return _("under way")
    minutes = int((shift.ended_at - shift.started_at).total_seconds() // 60)
    return _("%(hours)s h %(minutes)s min") % {"hours": minutes // 60, "minutes": minutes % 60}


def visible_site(user, site_id):
    """The site `user` may see, or None."""
    return Site.objects.visible_to(user).filter(pk=site_id).first()


def shift_context(user, shift) -> dict:
    """What the shift's page adds: its checkpoint (when the user may see it), its duration and the incidents at
    the checkpoint during the shift."""
    site = visible_site(user, shift.site_id)
    nearby = incidents_near(user, site, shift.started_at, shift_end(shift)) if site else []
    return {"checkpoint": site, "duration": duration_text(shift), "nearby_incidents": nearby,
            "nearby_m": NEARBY_M}


@dataclass
class Totals:
    """What a checkpoint's shifts checked and seized over some days."""

    shifts: int
    vehicles: int
    persons: int
    weapons: int


def checkpoint_totals(user, site, *, days: int = RECENT_DAYS, now=None) -> Totals:
    """The totals of the shifts `user` may see at the checkpoint that started in the last `days` days."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    shifts = CheckpointShift.objects.visible_to(user).filter(site=site, started_at__gte=since)
    sums = shifts.aggregate(vehicles=Sum("vehicles_checked"), persons=Sum("persons_checked"))
    return Totals(shifts=shifts.count(), vehicles=sums["vehicles"] or 0, persons=sums["persons"] or 0,
                  weapons=SeizedWeapon.objects.filter(shift__in=shifts.values("pk")).count())


def checkpoint_section(request, site) -> dict:
    """The "checkpoint" card of a site's page (registered on sites' pages by `OperationsConfig.ready`): recent
    shifts, the last days' totals, incidents nearby in those days."""
    now = timezone.now()
    shifts = (CheckpointShift.objects.visible_to(request.user).filter(site=site)
              .order_by("-started_at", "id")[:SHOWN])
    return {"shifts": [(shift, duration_text(shift)) for shift in shifts],
            "totals": checkpoint_totals(request.user, site, now=now), "days": RECENT_DAYS,
            "nearby_incidents": incidents_near(request.user, site, now - dt.timedelta(days=RECENT_DAYS), now),
            "nearby_m": NEARBY_M}


def is_checkpoint(site) -> bool:
    return site.site_type in CHECKPOINT_TYPES

"""The watch officer's queue as data: the open alerts of a mission that a user may see, highest priority first
(the oldest first within a priority), filtered by band, by who holds them and by channel. Shared by the page
(`web/triage/queue.py`) and the API (`api/alert_queue.py`), so both show exactly the same alerts.

Every alert comes through `Alert.objects.visible_to(user)`: a partner sees only what was released to it, a user
of another mission nothing of this one.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.core.kit.permissions import has_perm
from peaceops.core.models import Membership, RolePermission

from .choices import OPEN_STATUSES, AlertChannel, PriorityBand
from .models import Alert

#: The most alerts the queue lists at once (the count says how many there are in all).
LIMIT = 100
#: Who holds the alerts shown: everyone's, nobody's yet, or the user's (claimed by or assigned to them).
WHO = ("", "unclaimed", "mine")
TRIAGE = "alerts.alert.triage"


@dataclass(frozen=True)
class QueueFilters:
    """What the officer narrowed the queue to; unknown values are ignored (the whole queue)."""

    band: str = ""
    who: str = ""
    channel: str = ""

    @classmethod
    def of(cls, params) -> "QueueFilters":
        band, who, channel = (params.get(name, "") for name in ("band", "who", "channel"))
        return cls(band=band if band in PriorityBand.values else "", who=who if who in WHO else "",
                   channel=channel if channel in AlertChannel.values else "")

    def query(self) -> dict:
        return {name: value for name, value in vars(self).items() if value}


def open_alerts(user, mission, filters: QueueFilters | None = None):
    """The open alerts of `mission` that `user` may see, in queue order."""
    filters = filters or QueueFilters()
    alerts = Alert.objects.visible_to(user).filter(mission=mission, status__in=OPEN_STATUSES)
    if filters.band:
        alerts = alerts.filter(priority_band=filters.band)
    if filters.channel:
        alerts = alerts.filter(channel=filters.channel)
    if filters.who == "unclaimed":
        alerts = alerts.filter(claimed_by__isnull=True, assigned_to__isnull=True)
    elif filters.who == "mine":
        alerts = alerts.filter(Q(claimed_by=user) | Q(assigned_to=user))
    return alerts.order_by("-priority", "received_at", "id")


def age_label(received_at: dt.datetime, now: dt.datetime) -> str:
    """How long an alert has waited, as a watch officer says it: "12 min", "2 h 05 min", "3 d 4 h"."""
    minutes = max(0, int((now - received_at).total_seconds() // 60))
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}


def alert_url(alert_id) -> str:
    """The alert's page (`alerts:detail`)."""
    try:
        return reverse("alerts:detail", args=[alert_id])
    except NoReverseMatch:  # the alert pages are mounted by their own app
        return f"/alerts/{alert_id}/"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def why(factors: dict) -> str:
    """The priority's factors in words: points per factor, the incidents nearby and the forecast."""
    points = (factors or {}).get("points") or {}
    if not points:
        return ""
    parts = [_("severity %(points)s") % {"points": points.get("severity", 0)},
             _("place %(points)s") % {"points": points.get("vulnerability", 0)},
             _("source %(points)s") % {"points": points.get("source", 0)},
             _("age %(points)s") % {"points": points.get("age", 0)}]
    said = " · ".join(parts)
    nearby = factors.get("nearby")
    if nearby:
        said += " — " + _("incidents within %(km)s km in %(days)s days: %(count)d") % {
            "km": f"{nearby['radius_km']:g}", "days": nearby["days"], "count": nearby["incidents"]}
    forecast = factors.get("forecast")
    if forecast:
        said += " — " + _("forecast for %(unit)s, %(month)s: %(percent)d%% chance of at least one") % {
            "unit": forecast["unit"], "month": forecast["month"], "percent": round(100 * forecast["prob_1"])}
    return said


def rows(user, mission, filters: QueueFilters | None = None, *, limit: int = LIMIT, now=None) -> dict:
    """The queue: `count` (every matching alert), `alerts` (the first `limit`, as dicts the page and the API
    show) and `now`."""
    now = now or timezone.now()
    filters = filters or QueueFilters()
    queryset = open_alerts(user, mission, filters)
    count = queryset.count()
    chosen = list(queryset.select_related("claimed_by", "assigned_to")[:limit])
    return {"count": count, "now": now, "alerts": [{
        "id": str(a.pk), "reference": a.reference, "mission_id": a.mission_id, "classification": a.classification,
        "priority": a.priority, "band": a.priority_band, "band_label": a.get_priority_band_display(),
        "status": a.status, "status_label": a.get_status_display(),
        "category": a.category, "category_label": a.get_category_display() if a.category else "",
        "place": a.location_name or a.place_text, "lon": a.lon, "lat": a.lat,
        "channel": a.channel, "channel_label": a.get_channel_display(),
        "trust": a.trust, "trust_label": a.get_trust_display(), "focal_point": bool(a.focal_point_id),
        "text": a.text, "received_at": a.received_at, "age": age_label(a.received_at, now),
        "age_minutes": max(0, int((now - a.received_at).total_seconds() // 60)),
        "read": a.read_at is not None,
        "claimed_by": _name(a.claimed_by), "claimed_by_id": a.claimed_by_id,
        "assigned_to": _name(a.assigned_to), "assigned_to_id": a.assigned_to_id,
        "factors": a.priority_factors, "why": why(a.priority_factors), "url": alert_url(a.pk),
    } for a in chosen]}


def triage_officers(mission):
    """The users who may triage alerts in `mission` now (those an alert may be assigned to), by name."""
    roles = RolePermission.objects.filter(permission=TRIAGE).values("role")
    now = timezone.now()
    ids = (Membership.objects.filter(mission=mission, role__in=roles, user__is_active=True)
           .exclude(ends_at__lte=now).values("user_id"))
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def may_triage(user, mission) -> bool:
    return mission is not None and has_perm(user, mission.pk, TRIAGE)

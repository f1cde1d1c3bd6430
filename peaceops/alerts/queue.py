"""The watch officer's queue as data: the open alerts of a mission that a user may see, highest priority first
(the oldest first within a priority), filtered by band, by who holds them and by channel. Shared by the page
(`web/triage/queue.py`) and the API (`api/alert_queue.py`), so both show exactly the same alerts.

Every alert comes through `Alert.objects.visible_to(user)`: a partner sees only what was released to it, a user
of another mission nothing of this one.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.core.kit.permissions import has_perm
from peaceops.core.models import Membership, RolePermission

from .choices import OPEN_STATUSES, AlertCategory, AlertChannel, AlertStatus, PriorityBand, Trust
from .models import Alert
from .priority import BANDS

#: The most alerts the queue lists at once (the count says how many there are in all).
LIMIT = 50
#: The queue counts its alerts up to this many ("more than 1000"): a count of every open alert would read them all.
COUNT_CAP = 1000
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
    """The open alerts of `mission` that `user` may see, in queue order (never a misconduct allegation: those
    leave every ordinary view)."""
    filters = filters or QueueFilters()
    alerts = Alert.objects.visible_to(user).filter(mission=mission, status__in=OPEN_STATUSES, misconduct=False)
    if filters.band:  # as a range of scores too, so that the queue's index seeks the band's first alert
        low, high = band_range(filters.band)
        alerts = alerts.filter(priority_band=filters.band, priority__gte=low, priority__lte=high)
    if filters.channel:
        alerts = alerts.filter(channel=filters.channel)
    if filters.who == "unclaimed":
        alerts = alerts.filter(claimed_by__isnull=True, assigned_to__isnull=True)
    elif filters.who == "mine":  # few: found through the two people's indexes, not by reading the queue
        alerts = alerts.filter(Q(pk__in=Alert.objects.filter(claimed_by=user).values("pk"))
                               | Q(pk__in=Alert.objects.filter(assigned_to=user).values("pk")))
    return alerts.order_by("-priority", "received_at", "id")


def band_range(band: str) -> tuple[int, int]:
    """The lowest and highest score of a priority band."""
    lows = dict((name, low) for low, name in BANDS)
    above = [low for low, _name in BANDS if low > lows[band]]
    return lows[band], (min(above) - 1 if above else 100)


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


_SAMPLE_ID = uuid.UUID(int=0)


def alert_url(alert_id, *, pattern: str | None = None) -> str:
    """The alert's page (`alerts:detail`). `pattern` (from `alert_url_pattern()`) spares a reverse per row."""
    return (pattern or alert_url_pattern()).replace(str(_SAMPLE_ID), str(alert_id))


def alert_url_pattern() -> str:
    """The page of the alert whose id is all zeros: the others' pages are the same with their id."""
    try:
        return reverse("alerts:detail", args=[_SAMPLE_ID])
    except NoReverseMatch:  # the alert pages are mounted by their own app
        return f"/alerts/{_SAMPLE_ID}/"


def why(factors: dict) -> str:
    """The priority's factors in words: points per factor, the incidents nearby and the forecast."""
    points = (factors or {}).get("points") or {}
    if not points:
        return ""
    parts = [_("severity %(points)s") % {"points": f"{points.get('severity', 0):g}"},
             _("place %(points)s") % {"points": f"{points.get('vulnerability', 0):g}"},
             _("source %(points)s") % {"points": f"{points.get('source', 0):g}"},
             _("age %(points)s") % {"points": f"{points.get('age', 0):g}"}]
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
    """The queue: `count` (the matching alerts, counted up to `COUNT_CAP`), `more` (whether there are more than
    that), `alerts` (the first `limit`, as dicts the page and the API show) and `now`."""
    now = now or timezone.now()
    filters = filters or QueueFilters()
    queryset = open_alerts(user, mission, filters)
    count = queryset[:COUNT_CAP + 1].count()  # stops counting past the cap (read in the queue's order)
    chosen = list(queryset.values(*_COLUMNS)[:limit])  # plain rows: no model instances to build
    pattern = alert_url_pattern()
    labels = {name: {value: str(label) for value, label in choices} for name, choices in _CHOICES.items()}
    return {"count": min(count, COUNT_CAP), "more": count > COUNT_CAP, "now": now,
            "alerts": [_row(a, labels, pattern, now) for a in chosen]}


_COLUMNS = ("id", "reference", "mission_id", "classification", "priority", "priority_band", "status", "category",
            "location_name", "place_text", "lon", "lat", "channel", "trust", "focal_point_id", "text", "received_at",
            "read_at", "priority_factors", "claimed_by_id", "claimed_by__username", "claimed_by__first_name",
            "claimed_by__last_name", "assigned_to_id", "assigned_to__username", "assigned_to__first_name",
            "assigned_to__last_name")
_CHOICES = {"band": PriorityBand.choices, "status": AlertStatus.choices, "category": AlertCategory.choices,
            "channel": AlertChannel.choices, "trust": Trust.choices}


def _person(a: dict, who: str) -> str:
    full = f"{a[f'{who}__first_name'] or ''} {a[f'{who}__last_name'] or ''}".strip()
    return full or (a[f"{who}__username"] or "")


def _row(a: dict, labels: dict, pattern: str, now) -> dict:
    """One alert of the queue as the page and the API show it."""
    return {
        "id": str(a["id"]), "reference": a["reference"], "mission_id": a["mission_id"],
        "classification": a["classification"], "priority": a["priority"], "band": a["priority_band"],
        "band_label": labels["band"].get(a["priority_band"], a["priority_band"]),
        "status": a["status"], "status_label": labels["status"].get(a["status"], a["status"]),
        "category": a["category"], "category_label": labels["category"].get(a["category"], a["category"]),
        "place": a["location_name"] or a["place_text"], "lon": a["lon"], "lat": a["lat"],
        "channel": a["channel"], "channel_label": labels["channel"].get(a["channel"], a["channel"]),
        "trust": a["trust"], "trust_label": labels["trust"].get(a["trust"], ""),
        "focal_point": a["focal_point_id"] is not None,
        "text": a["text"], "received_at": a["received_at"], "age": age_label(a["received_at"], now),
        "age_minutes": max(0, int((now - a["received_at"]).total_seconds() // 60)),
        "read": a["read_at"] is not None,
        "claimed_by": _person(a, "claimed_by") if a["claimed_by_id"] else "", "claimed_by_id": a["claimed_by_id"],
        "assigned_to": _person(a, "assigned_to") if a["assigned_to_id"] else "",
        "assigned_to_id": a["assigned_to_id"],
        "factors": a["priority_factors"], "why": why(a["priority_factors"]),
        "url": alert_url(a["id"], pattern=pattern),
    }


def triage_officers(mission):
    """The users who may triage alerts in `mission` now (those an alert may be assigned to), by name."""
    roles = RolePermission.objects.filter(permission=TRIAGE).values("role")
    now = timezone.now()
    ids = (Membership.objects.filter(mission=mission, role__in=roles, user__is_active=True)
           .exclude(ends_at__lte=now).values("user_id"))
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def may_triage(user, mission) -> bool:
    return mission is not None and has_perm(user, mission.pk, TRIAGE)

"""Duplicate hints for an alert: the incidents it may already report, ranked, each with its reasons.

Candidates are the incidents the officer may see in the alert's mission whose time span comes within
`HOURS` of the alert's arrival and, when the alert has a position, lie within `KM` of it
(`incidents.duplicates.likely_duplicates`). Each is scored 0..1 from three parts — nearness in space (40 %),
in time (30 %) and how alike the alert's words and the incident's title, place and description are (30 %,
rapidfuzz's token set ratio) — and shown with the reasons in words ("2.1 km away", "3 h apart", "words 78 %
alike"). An alert without a position is matched on time and words only.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from peaceops.incidents.duplicates import likely_duplicates
from peaceops.incidents.models import Incident

#: How near in space (km) and time (hours) an incident must be to be offered as the one an alert reports.
KM, HOURS = 10, 72
#: Weights of the score's parts: distance, time, words.
WEIGHTS = (0.4, 0.3, 0.3)
#: Least word likeness (0..100) said as a reason.
WORDS_SAID = 50


@dataclass(frozen=True)
class Hint:
    """An incident the alert may report: how far (km, None when the alert has no position), how far apart in
    time (hours, 0 = within its span), how alike in words (0..1), the score, and the reasons in words."""

    incident: Incident
    km: float | None
    hours: float
    words: float
    score: float
    reasons: tuple[str, ...]


def _time_only(user, alert, hours: int) -> list[tuple[Incident, float | None, float]]:
    window = dt.timedelta(hours=hours)
    when = alert.received_at
    rows = (Incident.objects.visible_to(user)
            .filter(mission_id=alert.mission_id, occurred_start__lte=when + window, occurred_end__gte=when - window)
            .only("id", "title", "occurred_start", "occurred_end", "location_name", "status", "classification")
            .order_by("occurred_start", "id")[:500])
    found = []
    for incident in rows:
        if when < incident.occurred_start:
            gap = (incident.occurred_start - when).total_seconds() / 3600
        elif when > incident.occurred_end:
            gap = (when - incident.occurred_end).total_seconds() / 3600
        else:
            gap = 0.0
        found.append((incident, None, gap))
    return found


def _reasons(km: float | None, hours: float, words: float) -> tuple[str, ...]:
    said = []
    if km is not None:
        said.append(_("%(km).1f km away") % {"km": km})
    said.append(_("at the same time") if hours < 1 else _("%(hours)d h apart") % {"hours": round(hours)})
    if words * 100 >= WORDS_SAID:
        said.append(_("words %(percent)d %% alike") % {"percent": round(words * 100)})
    return tuple(said)


def duplicate_hints(user, alert, *, km: int = KM, hours: int = HOURS, limit: int = 10) -> list[Hint]:
    """The incidents `user` may see that `alert` may report, best first (see the module docstring)."""
    if alert.lon is not None and alert.lat is not None:
        candidates = [(d.incident, d.km, d.hours) for d in likely_duplicates(
            user, alert.mission, alert.lon, alert.lat, alert.received_at, km=km, hours=hours, limit=500)]
    else:
        candidates = _time_only(user, alert, hours)
    descriptions = dict(Incident.objects.filter(pk__in=[c[0].pk for c in candidates])
                        .values_list("pk", "description"))
    hints = []
    for incident, distance, gap in candidates:
        said = " ".join([incident.title, incident.location_name or "", descriptions.get(incident.pk) or ""])
        words = fuzz.token_set_ratio(alert.text.lower(), said.lower()) / 100
        near = 0.0 if distance is None else max(0.0, 1 - distance / km)
        soon = max(0.0, 1 - gap / hours)
        score = WEIGHTS[0] * near + WEIGHTS[1] * soon + WEIGHTS[2] * words
        hints.append(Hint(incident, distance, gap, words, round(score, 3), _reasons(distance, gap, words)))
    hints.sort(key=lambda h: (-h.score, str(h.incident.pk)))
    return hints[:limit]

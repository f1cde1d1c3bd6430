"""An alert's priority: a score from 0 to 100 and its band, from what the watch would weigh first.

- **severity** (up to 40): how bad the words sound (`reading.severity`, 0-4);
- **vulnerability** (up to 30): how exposed the place is: the providers registered with
  `register_vulnerability` (analytics registers one: incidents nearby in the last 30 days and the latest risk
  forecast of the place's unit), each answering 0..1; the highest counts;
- **source** (up to 15): the trust of the focal point who sent it (an unknown sender counts low, not zero);
- **age** (up to 15): an alert waiting unacknowledged rises, a point every eight minutes, full after two hours;
  once acknowledged (claimed, assigned...) it stops ageing: it keeps the age it had waited, so a claimed alert
  neither jumps nor sinks in the queue. The worker recomputes open alerts' priorities every few minutes
  (`reprioritise`).

The factors are kept with the alert (`priority_factors`) so the queue can say why an alert ranks where it does.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .choices import PriorityBand, Trust

#: The weight of each factor (they add up to 100).
WEIGHTS = {"severity": 40, "vulnerability": 30, "source": 15, "age": 15}
#: The waiting time at which an unacknowledged alert's age counts in full.
FULL_AGE = dt.timedelta(hours=2)
#: The source share of a sender the mission does not know (a focal point of low trust counts 1/3).
UNKNOWN_SOURCE = 1 / 6
#: The lowest score of each band, highest band first.
BANDS = ((75, PriorityBand.CRITICAL), (50, PriorityBand.HIGH), (25, PriorityBand.MEDIUM), (0, PriorityBand.LOW))

_PROVIDERS: list[Callable] = []


def register_vulnerability(provider: Callable) -> None:
    """Add `provider(alert) -> (share 0..1, details dict)`: how exposed the alert's place is."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


@dataclass(frozen=True)
class Priority:
    score: int
    band: str
    factors: dict


def band_of(score: int) -> str:
    return next(band for low, band in BANDS if score >= low)


def vulnerability(alert) -> tuple[float, dict]:
    """The highest share the providers give, with their details."""
    best, details = 0.0, {}
    for provider in _PROVIDERS:
        share, said = provider(alert)
        details.update(said)
        best = max(best, min(1.0, max(0.0, float(share))))
    return best, details


def prioritise(alert, now: dt.datetime | None = None, *, known_vulnerability: tuple[float, dict] | None = None
               ) -> Priority:
    """The alert's priority now. `known_vulnerability` (share, details), when given, is used instead of asking
    the providers again (the re-prioritising sweep takes it from the factors stored with the alert)."""
    now = now or timezone.now()
    shares = {"severity": min(4, alert.severity) / 4}
    if known_vulnerability is not None:
        shares["vulnerability"], details = known_vulnerability
    else:
        shares["vulnerability"], details = vulnerability(alert) if alert.lon is not None else (0.0, {})
    shares["source"] = (max(alert.trust, Trust.LOW) / Trust.HIGH) if alert.focal_point_id else UNKNOWN_SOURCE
    waiting = (alert.acknowledged_at or now) - alert.received_at
    shares["age"] = min(1.0, max(0.0, waiting / FULL_AGE))
    points = {name: round(WEIGHTS[name] * share, 1) for name, share in shares.items()}
    score = min(100, round(sum(points.values())))
    return Priority(score, band_of(score), {"points": points, **details})


def stored_vulnerability(factors: dict) -> tuple[float, dict] | None:
    """The vulnerability (share, details) kept in an alert's `priority_factors`; None if they hold none."""
    points = (factors or {}).get("points") or {}
    if "vulnerability" not in points:
        return None
    return points["vulnerability"] / WEIGHTS["vulnerability"], {k: v for k, v in factors.items() if k != "points"}

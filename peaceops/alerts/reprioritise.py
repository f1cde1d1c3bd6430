"""Keeping open alerts' priorities true as time passes: the worker's sweep every `EVERY` (five minutes).

An alert's age counts in its priority (`priority.prioritise`): while nobody has acknowledged it, it rises a
point every eight minutes or so, up to two hours; once acknowledged it stops ageing. So the sweep recomputes
the priority of the open alerts whose age may still move (received within `FULL_AGE` plus `SLACK`, which
covers a sweep or two missed while the worker was down; `reprioritise(since=None)` takes every open alert) and
writes only those whose score or band changed. The place's vulnerability is not asked again: it was measured
when the alert was read, over a window that ends at its receipt, and is taken from the stored factors
(`priority.stored_vulnerability`); an alert without stored factors is measured afresh.

**Why a direct update, not `AlertService.step`.** The score is derived data, recomputable at any time from the
alert and the clock; no person decided it. A step writes one change-log entry per change: an unacknowledged
alert would gain up to fifteen entries in its first two hours, burying the entries that matter (who claimed,
verified, dismissed) in the alert's history, multiplying the change log's size, and sending every watch
officer's live stream an event (and a queue refresh) per entry. So the sweep writes the three priority fields
(`priority`, `priority_band`, `priority_factors`) with a plain `bulk_update`, nothing else: no change-log entry,
no signal, no `updated_at`. The factors kept with the alert say why it ranks where it does; the queue page
re-reads its rows every minute, so the new order shows without an event.
"""

import datetime as dt

from django.utils import timezone

from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

from .choices import OPEN_STATUSES
from .models import Alert
from .priority import FULL_AGE, prioritise, stored_vulnerability

#: How often the worker re-prioritises open alerts.
EVERY = dt.timedelta(minutes=5)
#: How far beyond FULL_AGE the sweep still looks (missed sweeps while the worker was down).
SLACK = dt.timedelta(minutes=30)
#: Rows written per UPDATE.
BATCH = 500
_FIELDS = ("id", "mission_id", "severity", "lon", "lat", "admin1_id", "admin2_id", "focal_point_id", "trust",
           "received_at", "acknowledged_at", "priority", "priority_band", "priority_factors")


def reprioritise(*, now: dt.datetime | None = None, since: dt.datetime | None = None, mission=None) -> int:
    """Recompute the priority of open, read alerts received after `since` (all of them when None), in one
    mission or all; write those whose score or band changed. Returns how many changed."""
    now = now or timezone.now()
    alerts = Alert.objects.filter(status__in=OPEN_STATUSES, read_at__isnull=False)
    if since is not None:
        alerts = alerts.filter(received_at__gte=since)
    if mission is not None:
        alerts = alerts.filter(mission=mission)
    changed, total = [], 0
    for alert in alerts.only(*_FIELDS).order_by("pk").iterator(chunk_size=2000):
        ranked = prioritise(alert, now, known_vulnerability=stored_vulnerability(alert.priority_factors))
        if (ranked.score, ranked.band) == (alert.priority, alert.priority_band):
            continue
        alert.priority, alert.priority_band, alert.priority_factors = ranked.score, ranked.band, ranked.factors
        changed.append(alert)
        if len(changed) >= BATCH:
            total += _write(changed)
            changed = []
    return total + _write(changed)


def _write(alerts: list[Alert]) -> int:
    if alerts:
        Alert.objects.bulk_update(alerts, ["priority", "priority_band", "priority_factors"])
    return len(alerts)


@background_task(max_attempts=2)
def reprioritise_task() -> dict:
    """The worker's task: re-prioritise the alerts whose age may still move."""
    now = timezone.now()
    return {"changed": reprioritise(now=now, since=now - FULL_AGE - SLACK)}


def register_schedule() -> None:
    schedule.register(reprioritise_task, every=EVERY, name="alerts.reprioritise")

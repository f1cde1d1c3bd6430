"""From a message received to an alert the watch can triage.

1. **Stored at once**, in the request that brought it: the SMS webhook's transaction (`alert_from_sms`, a
   receiver of `messaging.hooks.inbound_received`) or the public page's. Nothing slow happens there: the
   focal point is looked up by the sender's number, the text is kept as written.
2. **Read later**, by the worker (`read_alerts_task`, woken on commit and swept every minute, so that an alert
   stored just before a crash is read after it): place, category, severity and language from the words
   (`reading.read_message`), the place's admin areas, then the priority (`priority.prioritise`). A reading
   never overwrites what a person gave (a position picked on the map, a category chosen on a form); a category
   chosen still suggests its incident category (for the verify form) and its severity, when worse than the
   words'.
3. **Announced**: `hooks.alert_read` (the receipt to the reporter in their language, alert rules, the live queue
   listen).
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from peaceops.worker import schedule
from peaceops.worker.tasks import background_task, enqueue_unless_waiting

from .categories import SEVERITY, incident_category
from .choices import AlertChannel
from .hooks import alert_read
from .models import Alert
from .priority import prioritise
from .reading import read_message
from .replies import follow_up
from .services import AlertService, focal_point_for

logger = logging.getLogger(__name__)

#: How often the worker sweeps for alerts not read yet.
READ_EVERY = dt.timedelta(minutes=1)
#: How many alerts one sweep reads at most (the next sweep takes the rest).
BATCH = 500


def alert_from_sms(sender, message, gateway, mission, **kwargs) -> Alert:
    """An SMS became an alert (inside the webhook's transaction: both are kept or neither), or was added to the
    alert its sender was asked about (`replies.follow_up`)."""
    answered = follow_up(message, mission)
    if answered is not None:
        return answered
    point = focal_point_for(mission, message.sender)
    alert = AlertService().receive(mission, {"text": message.text[:4000] or "-", "channel": AlertChannel.SMS,
                                             "reporter_phone": message.sender[:40],
                                             "received_at": message.received_at},
                                   focal_point=point, inbound_message=message)
    received(alert)
    return alert


def received(alert: Alert) -> None:
    """Have the worker read the alert once the transaction that stored it commits."""
    transaction.on_commit(_wake_reader)


def _wake_reader() -> None:
    try:
        enqueue_unless_waiting(read_alerts_task)  # a burst of alerts: one reading run waiting, not one each
    except Exception:  # the sweep reads it anyway
        logger.exception("could not wake the worker to read alerts")


@background_task(max_attempts=3)
def read_alerts_task() -> dict:
    """The worker's task: read every alert not read yet (`read_pending`)."""
    return {"read": read_pending()}


def read_pending(limit: int = BATCH, now=None) -> int:
    """Read up to `limit` unread alerts, oldest first; returns how many."""
    done = 0
    for alert in Alert.objects.filter(read_at__isnull=True).select_related("mission").order_by("received_at")[:limit]:
        read_one(alert, now=now)
        done += 1
    return done


def read_one(alert: Alert, now=None) -> Alert:
    """Read one alert, set its priority and announce it."""
    now = now or timezone.now()
    reading = read_message(alert.text, mission=alert.mission, default_language=alert.language or "en")
    changes = {"read_at": now}
    if alert.channel == AlertChannel.SMS:
        changes["language"] = reading.language
    if not alert.category and reading.category:
        changes.update(category=reading.category, incident_category=reading.incident_category)
    elif alert.category and not alert.incident_category:  # the reporter (or staff) named it: its suggestion
        changes["incident_category"] = incident_category(alert.category)
    if not alert.severity:  # what the words say, or what the category named suggests if that is worse
        severity = max(int(reading.severity), int(SEVERITY.get(alert.category, 0)))
        if severity:
            changes["severity"] = severity
    if not alert.place_text and reading.place is not None:
        changes["place_text"] = reading.place.phrase[:300]
    if alert.lon is None and reading.place is not None:
        hit = reading.place.place
        changes.update(lon=hit.lon, lat=hit.lat, location_name=hit.name[:300],
                       location_precision="admin2" if hit.source == "area" else "near")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(alert, name, value)
        ranked = prioritise(alert, now)
        changes.update(priority=ranked.score, priority_band=ranked.band, priority_factors=ranked.factors)
        alert = AlertService().step(alert, acting_user=None, system=True, reason="read", **changes)
        alert_read.send(sender=Alert, alert=alert, reading=reading)
    return alert


def register_schedule() -> None:
    schedule.register(read_alerts_task, every=READ_EVERY, name="alerts.read")

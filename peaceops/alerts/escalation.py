"""Escalation: when an alert's response clock runs out, the duty supervisor is told, once per clock.

The worker sweeps every minute (`escalate_alerts_task`, schedule "alerts.escalate"; `sweep(now)` is the work).
For each open alert (`OPEN_STATUSES`) whose clock ran out (`clocks.due_at`) without the time that stops it
(`clocks.STOPPED_BY`: acknowledged, first response, closed), it writes an `AlertEscalation` (unique per alert
and clock: a second sweep, or a second worker, finds it and does nothing) and, in the same transaction, tells:
- in the app, every user holding `alerts.alert.supervise` in the mission who may see the alert
  (`notices.services.notify`);
- by e-mail, the mission's `AlertSettings.supervisor_email`, and by SMS its `supervisor_phone`
  (`messaging.outbox.queue_message`, related to the alert; an SMS needs the mission's active gateway: without
  one it is left out and logged, the rest of the escalation stands).

The messages name the alert's reference, band, category and the clock, never its words, place or reporter:
they leave the platform (an e-mail box, a phone) and the supervisor opens the alert to read it.

A misconduct allegation is not escalated: it is out of the ordinary queue (its status is not open) and is
need-to-know; telling the duty supervisor would spread it beyond those who receive allegations. Its marking
acknowledges it, and conduct staff follow it in their own queue.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Membership, Mission, RolePermission
from peaceops.messaging.choices import Channel
from peaceops.messaging.outbox import queue_message
from peaceops.notices.services import notify
from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

from .choices import OPEN_STATUSES, ClockKind
from .clocks import STOPPED_BY, clocks_for
from .models import Alert, AlertEscalation
from .permissions import SUPERVISE
from .services import settings_for

logger = logging.getLogger(__name__)

#: How often the worker sweeps for clocks that ran out.
SWEEP_EVERY = dt.timedelta(minutes=1)
#: The notification kind of an escalation (`notices.models.Notification.kind`).
NOTICE_KIND = "alert-escalation"


@background_task(max_attempts=1)
def escalate_alerts_task() -> dict:
    """The worker's task: escalate every clock that ran out (`sweep`)."""
    return {"escalated": len(sweep())}


def register_schedule() -> None:
    schedule.register(escalate_alerts_task, every=SWEEP_EVERY, name="alerts.escalate")


def sweep(now: dt.datetime | None = None) -> list[AlertEscalation]:
    """Escalate each clock of each open alert that ran out by `now` and was not escalated yet; returns the
    escalations written. One query per mission, band and clock finds the alerts."""
    now = now or timezone.now()
    open_alerts = Alert.objects.filter(status__in=OPEN_STATUSES, misconduct=False)
    written = []
    for mission_id in open_alerts.values_list("mission_id", flat=True).distinct().order_by():
        mission = Mission.objects.get(pk=mission_id)
        for band, clock in clocks_for(mission).items():
            for kind in ClockKind.values:
                minutes = dt.timedelta(minutes=clock.minutes(kind))
                already = AlertEscalation.objects.filter(alert=OuterRef("pk"), clock=kind)
                late = (open_alerts.filter(mission_id=mission_id, priority_band=band,
                                           received_at__lte=now - minutes, **{f"{STOPPED_BY[kind]}__isnull": True})
                        .filter(~Exists(already)).select_related("mission").order_by("received_at"))
                for alert in late:
                    escalation = escalate(alert, kind, due_at=alert.received_at + minutes, now=now)
                    if escalation is not None:
                        written.append(escalation)
    return written


def escalate(alert: Alert, clock: str, *, due_at: dt.datetime, now: dt.datetime) -> AlertEscalation | None:
    """Record that the alert's `clock` ran out and tell the duty supervisor; None when it was escalated already
    (by another sweep)."""
    try:
        with transaction.atomic():
            escalation = AlertEscalation.objects.create(alert=alert, clock=clock, due_at=due_at, escalated_at=now)
            _tell_supervisors(alert, clock, due_at)
    except IntegrityError:  # another worker escalated it first
        return None
    return escalation


def supervisors(alert: Alert):
    """The active users holding `alerts.alert.supervise` in the alert's mission (by a role in force) who may
    see the alert."""
    from django.contrib.auth import get_user_model

    giving = RolePermission.objects.filter(permission=SUPERVISE).values("role")
    holding = Membership.objects.filter(user=OuterRef("pk"), mission_id=alert.mission_id, role__in=giving).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
    users = get_user_model().objects.filter(is_active=True).filter(Exists(holding)).order_by("pk")
    return [user for user in users if Alert.objects.visible_to(user).filter(pk=alert.pk).exists()]


def alert_path(alert: Alert) -> str:
    """The alert's page (its detail page; the respond page while no detail page is installed)."""
    for name in ("alerts:detail", "triage:respond"):
        try:
            return reverse(name, args=[alert.pk])
        except NoReverseMatch:
            continue
    return f"/alerts/{alert.pk}/"


def _wording(alert: Alert, clock: str, due_at: dt.datetime) -> tuple[str, str]:
    """The subject line and the text of an escalation (in the platform's language: it is stored and sent)."""
    values = {"reference": alert.reference, "band": alert.get_priority_band_display(),
              "category": alert.get_category_display() or gettext("not known yet"),
              "due": due_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")}
    subject = {
        ClockKind.ACKNOWLEDGE: gettext("Alert %(reference)s not acknowledged in time"),
        ClockKind.RESPOND: gettext("Alert %(reference)s without a response in time"),
        ClockKind.CLOSE: gettext("Alert %(reference)s not closed in time"),
    }[clock] % values
    text = gettext("%(subject)s: %(band)s priority, %(category)s; due %(due)s UTC.") % {**values, "subject": subject}
    return subject, text


def _tell_supervisors(alert: Alert, clock: str, due_at: dt.datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = _wording(alert, clock, due_at)
    path = alert_path(alert)
    for user in supervisors(alert):
        notify(user, kind=NOTICE_KIND, text=text, url=path, mission=alert.mission, related=alert)
    chosen = settings_for(alert.mission)
    public = getattr(settings, "PEACEOPS_PUBLIC_URL", "").rstrip("/")
    link = f"{public}{path}" if public else path
    if chosen.supervisor_email:
        queue_message(mission=alert.mission, channel=Channel.EMAIL, recipient=chosen.supervisor_email,
                      subject=subject, body=f"{text}\n\n{link}", related=alert)
    if chosen.supervisor_phone:
        try:
            with transaction.atomic():
                queue_message(mission=alert.mission, channel=Channel.SMS, recipient=chosen.supervisor_phone,
                              body=text, related=alert)
        except FieldError as error:  # no active gateway, or a number that is not one
            logger.warning("escalation of %s: no SMS to the duty supervisor (%s)", alert.reference,
                           error.sentence() if hasattr(error, "sentence") else error)

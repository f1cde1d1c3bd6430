"""Escalation: when an alert's response clock runs out, the duty supervisor is told, once per clock.

The worker sweeps every minute (`escalate_alerts_task`, schedule "alerts.escalate"; `sweep(now)` is the work).
For each open alert (`OPEN_STATUSES`) whose clock ran out (`clocks.due_at`) without the time that stops it
(`clocks.STOPPED_BY`: acknowledged, first response, closed), it writes an `AlertEscalation` (unique per alert
and clock: a second sweep, or a second worker, finds it and does nothing) and, in the same transaction, tells:
- in the app, every user holding `alerts.alert.supervise` in the mission who may see the alert
  (`notices.services.notify`);
- by e-mail, the mission's `AlertSettings.supervisor_email`, and by SMS its `supervisor_phone`
  (`messaging.outbox.queue_message`, related to the alert): one e-mail and one SMS per mission and sweep,
  whatever the number of clocks that ran out in it (a surge of alerts must not become a surge of messages to
  one phone; the e-mail lists them all, the SMS names the first three). An SMS needs the mission's active
  gateway: without one it is left out and logged, the rest of the escalation stands.

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
    escalations written. One query per mission, band and clock finds the alerts; each mission's escalations
    of one sweep are written, and told, in one transaction."""
    now = now or timezone.now()
    open_alerts = Alert.objects.filter(status__in=OPEN_STATUSES, misconduct=False)
    written = []
    for mission_id in open_alerts.values_list("mission_id", flat=True).distinct().order_by():
        mission = Mission.objects.get(pk=mission_id)
        due = []
        for band, clock in clocks_for(mission).items():
            for kind in ClockKind.values:
                minutes = dt.timedelta(minutes=clock.minutes(kind))
                already = AlertEscalation.objects.filter(alert=OuterRef("pk"), clock=kind)
                late = (open_alerts.filter(mission_id=mission_id, priority_band=band,
                                           received_at__lte=now - minutes, **{f"{STOPPED_BY[kind]}__isnull": True})
                        .filter(~Exists(already)).select_related("mission").order_by("received_at"))
                due += [(alert, kind, alert.received_at + minutes) for alert in late]
        if due:
            written += escalate(mission, sorted(due, key=lambda d: (d[2], d[0].reference)), now=now)
    return written


def escalate(mission, due: list[tuple[Alert, str, dt.datetime]], *, now: dt.datetime) -> list[AlertEscalation]:
    """Record that each (alert, clock, due time) of `due` (alerts of `mission`) ran out and tell the duty
    supervisor: a notification per alert to each supervisor who may see it, one e-mail and one SMS for them all
    (a surge of late alerts is one message a sweep, not one per alert). A clock escalated meanwhile (by another
    worker) is left out."""
    bosses = supervisors(mission)
    ids = [alert.pk for alert, _kind, _due in due]
    sees = {user.pk: set(Alert.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
            for user in bosses}
    written, told = [], []
    with transaction.atomic():
        for alert, clock, due_at in due:
            try:
                with transaction.atomic():
                    escalation = AlertEscalation.objects.create(alert=alert, clock=clock, due_at=due_at,
                                                                escalated_at=now)
            except IntegrityError:  # another worker escalated it first
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, text = _wording(alert, clock, due_at)
            path = alert_path(alert)
            for user in bosses:
                if alert.pk in sees[user.pk]:
                    notify(user, kind=NOTICE_KIND, text=text, url=path, mission=mission, related=alert)
            written.append(escalation)
            told.append((alert, subject, text, path))
        if told:
            _send_to_duty_supervisor(mission, told)
    return written


def supervisors(mission) -> list:
    """The active users holding `alerts.alert.supervise` in the mission (by a role in force)."""
    from django.contrib.auth import get_user_model

    giving = RolePermission.objects.filter(permission=SUPERVISE).values("role")
    holding = Membership.objects.filter(user=OuterRef("pk"), mission_id=mission.pk, role__in=giving).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
    return list(get_user_model().objects.filter(is_active=True).filter(Exists(holding)).order_by("pk"))


def alert_path(alert: Alert) -> str:
    """The alert's page (its detail page; the respond page while no detail page is installed)."""
    for name in ("alerts:detail", "triage:respond"):
        try:
            return reverse(name, args=[alert.pk])
        except NoReverseMatch:
            continue
    return f"/alerts/{alert.pk}/"


def _wording(alert: Alert, clock: str, due_at: dt.datetime) -> tuple[str, str]:
    """The subject line and the text of one escalation (in the platform's language: it is stored and sent)."""
    values = {"reference": alert.reference, "band": alert.get_priority_band_display(),
              "category": alert.get_category_display() or gettext("category not known yet"),
              "due": due_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")}
    subject = {
        ClockKind.ACKNOWLEDGE: gettext("Alert %(reference)s not acknowledged in time"),
        ClockKind.RESPOND: gettext("Alert %(reference)s without a response in time"),
        ClockKind.CLOSE: gettext("Alert %(reference)s not closed in time"),
    }[clock] % values
    text = gettext("%(subject)s: %(band)s priority, %(category)s; due %(due)s UTC.") % {**values, "subject": subject}
    return subject, text


#: How many alerts one SMS to the duty supervisor names (the rest: "and N more", the e-mail lists them all).
SMS_NAMES = 3


def _send_to_duty_supervisor(mission, told: list[tuple[Alert, str, str, str]]) -> None:
    """One e-mail (every escalation with its link) and one SMS (the first few) to the mission's duty
    supervisor, related to the first alert (the timeline of each alert shows its in-app notices; a single
    escalation's messages are related to its alert)."""
    chosen = settings_for(mission)
    public = getattr(settings, "PEACEOPS_PUBLIC_URL", "").rstrip("/")
    first = told[0][0]
    with translation.override(settings.LANGUAGE_CODE):
        if len(told) == 1:
            subject, sms = told[0][1], told[0][2]
        else:
            subject = gettext("Community alerts past their response clock: %(count)d") % {"count": len(told)}
            names = "; ".join(text for _alert, _subject, text, _path in told[:SMS_NAMES])
            more = len(told) - SMS_NAMES
            sms = f"{subject}. {names}" + (" " + gettext("And %(count)d more.") % {"count": more} if more > 0
                                           else "")
    body = "\n\n".join(f"{text}\n{public}{path}" for _alert, _subject, text, path in told)
    if chosen.supervisor_email:
        try:
            with transaction.atomic():
                queue_message(mission=mission, channel=Channel.EMAIL, recipient=chosen.supervisor_email,
                              subject=subject, body=body, related=first)
        except FieldError as error:
            logger.warning("escalation in %s: no e-mail to the duty supervisor (%s)", mission.code, error)
    if chosen.supervisor_phone:
        try:
            with transaction.atomic():
                queue_message(mission=mission, channel=Channel.SMS, recipient=chosen.supervisor_phone, body=sms,
                              related=first)
        except FieldError as error:  # no active gateway, or a number that is not one
            logger.warning("escalation in %s: no SMS to the duty supervisor (%s)", mission.code, error)

"""Word back to the reporter: the messages an alert's reporter gets by SMS, through messaging's outbox (queued in
the transaction of what they are about, sent by the worker, never in a request).

- **The receipt**, once the worker has read the alert (`hooks.alert_read`): the reference code, in the
  reporter's language (`alert.language`), with `{status_url}` (the public status page) and `{mission}` for a
  mission that words its receipt with them.
- **A status message** when the watch moves the alert (`hooks.alert_status_changed`): verified, acted on,
  closed (a dismissed alert is told "closed"). Each at most once per alert; nothing at all once the alert is
  marked as a misconduct allegation (no message that could reveal it).
- **A question** (`ask_more`, the watch's "ask the reporter for more"): the reporter's answer, an SMS from
  the same number within `FOLLOW_UP_DAYS` while the alert is open, is added to the alert (`follow_up`), not
  made a new one; so are the SMS within `ANSWER_PARTS_WITHIN` of the first answer (a long answer in parts).
  Any later SMS is a new alert, until the watch asks again.

Who is written to: the reporter of an alert that has a phone number and is not anonymous (SMS alerts; public
page alerts whose reporter left a number; hotline calls), not alerts from partner systems, which tell their
own reporters. Each message is one `ReporterMessage` (which, to whom, the outbox message) and an outbox
message `related` to the alert, so the alert's timeline lists them.
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied
from peaceops.messaging.choices import TemplateKey
from peaceops.messaging.conf import public_url
from peaceops.messaging.outbox import queue_template

from .choices import OPEN_STATUSES, AlertChannel, AlertStatus
from .models import Alert, ReporterMessage
from .services import AlertService

logger = logging.getLogger(__name__)

#: The status message each status sends (the others send none: new, acknowledged, misconduct).
STATUS_MESSAGES = {
    AlertStatus.VERIFIED: TemplateKey.VERIFIED,
    AlertStatus.ACTED_ON: TemplateKey.ACTED_ON,
    AlertStatus.CLOSED: TemplateKey.CLOSED,
    AlertStatus.DISMISSED: TemplateKey.CLOSED,  # the reporter hears "closed", never why
}
#: The status the reporter is told, in words ({status}): a dismissed alert is closed to them.
TOLD_STATUS = {AlertStatus.DISMISSED: AlertStatus.CLOSED}
#: How long after a question an SMS from the reporter's number is an answer to it.
FOLLOW_UP_DAYS = 7
#: How long after the first answer further SMS are parts of it (an answer sent as several SMS); later ones are
#: new alerts (a focal point's next report must not vanish into an old alert).
ANSWER_PARTS_WITHIN = dt.timedelta(hours=1)
#: The longest question (three SMS segments of Cyrillic or Albanian text, with the template's words).
QUESTION_MAX = 160


def digits(number: str) -> str:
    """A phone number's digits (what follow-ups are matched on)."""
    return "".join(ch for ch in number or "" if ch.isdigit())


def reaches_reporter(alert: Alert) -> bool:
    """Whether the mission writes to this alert's reporter: a number left, not anonymous, not from a partner
    system, not a misconduct allegation."""
    return bool(digits(alert.reporter_phone)) and not alert.anonymous and not alert.misconduct \
        and alert.channel != AlertChannel.API


def status_url(reference: str) -> str:
    """The public status page of an alert: absolute under PEACEOPS_PUBLIC_URL (the path alone without it)."""
    try:
        path = reverse("alerts_public:status", args=[reference])
    except NoReverseMatch:  # the public pages are not mounted: their agreed address
        path = f"/report/status/{reference}/"
    return public_url() + path


def values_for(alert: Alert, *, question: str = "") -> dict:
    """The placeholders' values of a message about `alert`, in the reporter's language."""
    told = TOLD_STATUS.get(alert.status, alert.status)
    with translation.override(alert.language or "en"):
        status = str(AlertStatus(told).label)
    return {"reference": alert.reference, "status_url": status_url(alert.reference), "mission": alert.mission.code,
            "status": status, "question": question}


def _queue(alert: Alert, key: str, *, question: str = "", asked_by=None, quiet: bool = True):
    """Queue message `key` to the reporter (in the caller's transaction) and note it; None when the reporter
    is not written to, already had this message, or (quiet) it cannot be queued (no gateway, a number the
    gateway cannot take: logged, never stopping the watch's step)."""
    if not reaches_reporter(alert):
        return None
    if key != TemplateKey.ASK_MORE and ReporterMessage.objects.filter(alert=alert, key=key).exists():
        return None
    try:
        with transaction.atomic():
            message = queue_template(mission=alert.mission, key=key, recipient=alert.reporter_phone,
                                     language=alert.language, values=values_for(alert, question=question),
                                     related=alert)
            return ReporterMessage.objects.create(alert=alert, key=key, message=message,
                                                  recipient=digits(alert.reporter_phone), question=question,
                                                  asked_by=asked_by if getattr(asked_by, "pk", None) else None,
                                                  created_at=timezone.now())
    except IntegrityError:  # another transaction queued it first
        return None
    except FieldError as error:
        if not quiet:
            raise
        logger.warning("alert %s: the %s message to the reporter was not queued: %s", alert.reference, key,
                       error.message)
        return None


# -- the hooks' receivers (connected in AlertsConfig.ready) ------------------------------------------------------

def receipt_on_read(sender, alert: Alert, reading=None, **kwargs) -> None:
    """`hooks.alert_read`: the receipt, once per alert."""
    _queue(alert, TemplateKey.RECEIPT)


def status_message(sender, alert: Alert, previous=None, acting_user=None, reason="", **kwargs) -> None:
    """`hooks.alert_status_changed`: the status message of the new status, once per alert (after the
    receipt, queued first if the watch was quicker than the reading)."""
    key = STATUS_MESSAGES.get(alert.status)
    if key is None or alert.misconduct:
        return
    _queue(alert, TemplateKey.RECEIPT)
    _queue(alert, key)


# -- asking the reporter for more ----------------------------------------------------------------------------

def ask_more(alert: Alert, *, acting_user, question: str) -> ReporterMessage:
    """Ask the reporter a question by SMS (the watch; `alerts.alert.triage`): queued in their language with the
    mission's ask_more wording, and recorded on the alert (its note and change log). Their answer is added to
    the alert (`follow_up`). FieldError("question") when there is nothing to ask or nobody to ask."""
    service = AlertService()
    if not service.may_triage(acting_user, alert):
        raise PermissionDenied(f"{acting_user} lacks alerts.alert.triage in this mission",
                               _("You may not triage community alerts in this mission."))
    question = " ".join((question or "").split())
    if not question:
        raise FieldError("question", _("a question is required"))
    if len(question) > QUESTION_MAX:
        raise FieldError("question", _("a question takes at most %(count)d characters (one SMS)"), count=QUESTION_MAX)
    if alert.status not in OPEN_STATUSES:
        raise FieldError("question", _("the alert is no longer open"))
    if not reaches_reporter(alert):
        raise FieldError("question", _("the reporter left no phone number"))
    now = timezone.now()
    with transaction.atomic():
        sent = _queue(alert, TemplateKey.ASK_MORE, question=question, asked_by=acting_user, quiet=False)
        service.step(alert, acting_user=acting_user, reason=f"asked the reporter: {question}",
                     status_note=f"{now:%Y-%m-%d %H:%M} UTC, asked the reporter: {question}",
                     acknowledged_at=alert.acknowledged_at or now)
    return sent


def open_question(mission, sender: str, *, now: dt.datetime | None = None) -> ReporterMessage | None:
    """The latest question to the number `sender` about an open alert of `mission` that an SMS received `now`
    answers: asked within `FOLLOW_UP_DAYS`, not answered yet or answered within `ANSWER_PARTS_WITHIN`."""
    number = digits(sender)
    if not number:
        return None
    now = now or timezone.now()
    asked = (ReporterMessage.objects.filter(key=TemplateKey.ASK_MORE, recipient=number, alert__mission=mission,
                                            created_at__gte=now - dt.timedelta(days=FOLLOW_UP_DAYS))
             .select_related("alert", "alert__mission").order_by("-created_at", "-pk").first())
    if asked is None or asked.alert.status not in OPEN_STATUSES or asked.alert.misconduct:
        return None
    if asked.answered_at is not None and now - asked.answered_at > ANSWER_PARTS_WITHIN:
        return None
    return asked


def add_follow_up(alert: Alert, message) -> Alert:
    """Add the reporter's answer (an `InboundMessage`) to the alert's text, dated, through the service (one
    change-log entry), and tell whoever holds the alert in the app."""
    from peaceops.notices.services import notify

    when = timezone.localtime(message.received_at, dt.UTC)
    text = f"{alert.text}\n\n[{when:%Y-%m-%d %H:%M} UTC] {message.text.strip() or '-'}"[:4000]
    alert = AlertService().step(alert, acting_user=None, system=True, reason="follow-up from the reporter",
                                text=text)
    asked = ReporterMessage.objects.filter(alert=alert, key=TemplateKey.ASK_MORE).order_by("-created_at").first()
    holder = alert.assigned_to or alert.claimed_by or (asked.asked_by if asked else None)
    if holder is not None:
        notify(holder, kind="alert-follow-up", text=f"The reporter of alert {alert.reference} answered.",
               url=alert_page(alert), mission=alert.mission, related=alert)
    return alert


def follow_up(message, mission) -> Alert | None:
    """An inbound SMS that answers a question (`open_question`) is added to that alert; returns it, or None
    when the SMS is a new alert."""
    asked = open_question(mission, message.sender, now=message.received_at)
    if asked is None:
        return None
    if asked.answered_at is None:
        ReporterMessage.objects.filter(pk=asked.pk).update(answered_at=message.received_at)
    return add_follow_up(asked.alert, message)


def alert_page(alert: Alert) -> str:
    """The alert's page (the watch's)."""
    try:
        return reverse("alerts:detail", args=[alert.pk])
    except NoReverseMatch:
        return f"/alerts/{alert.pk}/"

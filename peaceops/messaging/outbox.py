"""The outbox: queueing a message in the caller's transaction, and the worker's sending of due messages.

    from peaceops.messaging.outbox import queue_template
    queue_template(mission=alert.mission, key=TemplateKey.RECEIPT, recipient=alert.phone,
                   language=alert.language, values={"reference": alert.reference}, related=alert)

Sending (`send_due`, run by the worker's task) claims one due message at a time (queued -> sending, a
conditional UPDATE only one worker wins), sends it outside any transaction, and records the outcome: sent;
queued again after a back-off (`conf.retry_seconds`, doubled per try, at most an hour) until
`conf.max_attempts` tries; failed; or uncertain.

"Each message sent once even after a crash": a message still `sending` longer than `conf.claim_seconds` was
claimed by a worker that died. It is not sent again blindly (`recover_interrupted`):
- on an idempotent backend (plain JSON: our uuid is the gateway's idempotency key; the file and console demo
  backends) it is queued again with the same reference, and the gateway drops the duplicate;
- where the gateway can be asked (Twilio's message list), it is recorded as sent when the gateway has it, and
  queued again when it certainly has not;
- otherwise (RapidPro/TextIt, e-mail) it becomes `uncertain`: an operator decides (docs/operators/messaging.md).
"""

import datetime as dt
import logging
import os
import re
import socket

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from peaceops.core.kit.errors import FieldError
from peaceops.worker.tasks import background_task

from . import conf
from .backends import (
    LookupUnsupported,
    PermanentFailure,
    StatusUpdate,
    TemporaryFailure,
    Uncertain,
    backend_for,
)
from .choices import Channel, GatewayKind, OutboundStatus
from .hooks import outbound_status_changed
from .models import Gateway, OutboundMessage
from .texts import normalise_language
from .wording import render

logger = logging.getLogger("peaceops.messaging")
PHONE = re.compile(r"^\+?[0-9]{6,20}$")
#: The longest wait between two tries.
MAX_BACKOFF = dt.timedelta(hours=1)
#: Statuses a message never leaves by a gateway's callback (delivered is final; failed may be corrected by a
#: later "delivered").
FINAL = {OutboundStatus.DELIVERED}
#: How far each status has gone: a callback never moves a message back.
PROGRESS = {OutboundStatus.QUEUED: 0, OutboundStatus.SENDING: 1, OutboundStatus.UNCERTAIN: 1,
            OutboundStatus.SENT: 2, OutboundStatus.FAILED: 3, OutboundStatus.DELIVERED: 4}


# -- Queueing --------------------------------------------------------------------------------------------------

def active_gateway(mission) -> Gateway | None:
    """The mission's SMS gateway outbound messages go through (the first active one by name)."""
    return Gateway.objects.filter(mission=mission, active=True).order_by("name", "pk").first()


def queue_message(*, mission, channel: str, recipient: str, body: str, language: str = "en", subject: str = "",
                  related=None, gateway: Gateway | None = None) -> OutboundMessage:
    """Store one outbound message, in the caller's transaction (it leaves only if that commits); the worker
    is woken when it commits. FieldError names what cannot be used."""
    recipient = (recipient or "").strip()
    if channel == Channel.SMS:
        recipient = re.sub(r"[\s\-().]", "", recipient)
        if not PHONE.match(recipient):
            raise FieldError("recipient", "not a phone number (digits, optionally starting with +)")
        gateway = gateway or active_gateway(mission)
        if gateway is None:
            raise FieldError("gateway", f"the mission {mission.code} has no active SMS gateway")
        if gateway.mission_id != mission.pk:
            raise FieldError("gateway", "the gateway belongs to another mission")
    elif channel == Channel.EMAIL:
        try:
            validate_email(recipient)
        except ValidationError:
            raise FieldError("recipient", "not an e-mail address") from None
        gateway = None
    else:
        raise FieldError("channel", f"one of {', '.join(Channel.values)}")
    if not (body or "").strip():
        raise FieldError("body", "empty")
    related_type = related_id = ""
    if related is not None:
        related_type = f"{related._meta.app_label}.{related._meta.model_name}"
        related_id = str(related.pk)
    with transaction.atomic():
        message = OutboundMessage.objects.create(
            mission=mission, channel=channel, gateway=gateway, recipient=recipient, subject=subject[:200],
            body=body, language=normalise_language(language), related_type=related_type, related_id=related_id)
        _wake_on_commit()
    return message


def _wake_on_commit() -> None:
    """Wake the worker once when the caller's transaction commits (however many messages it queued)."""
    from django.db import connection

    pending = getattr(connection, "run_on_commit", None) or []
    if not any(len(entry) > 1 and entry[1] is _wake_worker for entry in pending):
        transaction.on_commit(_wake_worker)


def queue_template(*, mission, key: str, recipient: str, language: str, values: dict,
                   channel: str = Channel.SMS, related=None, subject: str = "") -> OutboundMessage:
    """Queue the mission's message `key` in the recipient's language (English when it has none)."""
    body, used = render(mission, key, language, values)
    return queue_message(mission=mission, channel=channel, recipient=recipient, body=body, language=used,
                         related=related, subject=subject)


def _wake_worker() -> None:
    try:
        send_due_messages_task.enqueue()
    except Exception:  # the periodic sweep sends it anyway
        logger.exception("could not wake the worker for the outbox")


# -- Sending ---------------------------------------------------------------------------------------------------

@background_task(max_attempts=1)
def send_due_messages_task() -> dict:
    """The worker's task: send the due outbound messages (`send_due`); returns counts by outcome. Woken when a
    message is queued, and every minute by the schedule (`tasks.register_schedule`)."""
    return send_due(worker=f"{socket.gethostname()[:40]}-{os.getpid()}")


# -- Sending, step by step -------------------------------------------------------------------------------------

def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try."""
    return min(MAX_BACKOFF, dt.timedelta(seconds=conf.retry_seconds() * 2 ** max(0, attempts - 1)))


def send_due(*, now: dt.datetime | None = None, worker: str = "worker", limit: int = 500) -> dict[str, int]:
    """Recover interrupted messages, then send every due message (at most `limit`); returns counts by
    outcome."""
    counts = {"recovered": len(recover_interrupted(now=now))}
    tried: set[int] = set()  # one try per message and sweep, whatever its back-off
    for _ in range(limit):
        message = claim_next(now=now, worker=worker, skip=tried)
        if message is None:
            break
        tried.add(message.pk)
        outcome = deliver(message, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def claim_next(*, now: dt.datetime | None = None, worker: str = "worker",
               skip: set[int] = frozenset()) -> OutboundMessage | None:
    """Take the next due message for this worker (queued -> sending, one more try), leaving out `skip`; None
    when none is due."""
    now = now or timezone.now()
    for _ in range(5):  # another worker may win the race for a row: try the next one
        due = OutboundMessage.objects.filter(status=OutboundStatus.QUEUED, next_attempt_at__lte=now)
        if skip:
            due = due.exclude(pk__in=skip)
        pk = due.order_by(
            "next_attempt_at", "pk").values_list("pk", flat=True).first()
        if pk is None:
            return None
        won = OutboundMessage.objects.filter(pk=pk, status=OutboundStatus.QUEUED).update(
            status=OutboundStatus.SENDING, claimed_at=now, claimed_by=worker[:100], attempts=F("attempts") + 1)
        if won:
            return OutboundMessage.objects.select_related("gateway", "mission").get(pk=pk)
    return None


def deliver(message: OutboundMessage, *, now: dt.datetime | None = None) -> str:
    """Send one claimed message and record what happened; returns the outcome's status."""
    now = now or timezone.now()
    if message.channel == Channel.SMS and (message.gateway is None or not message.gateway.active):
        return _finish(message, OutboundStatus.QUEUED if message.attempts < conf.max_attempts()
                       else OutboundStatus.FAILED, error="the gateway is switched off", now=now, retry=True)
    try:
        sent = backend_for(message).send(message)
    except PermanentFailure as error:
        return _finish(message, OutboundStatus.FAILED, error=str(error), now=now)
    except TemporaryFailure as error:
        if message.attempts >= conf.max_attempts():
            return _finish(message, OutboundStatus.FAILED, now=now,
                           error=f"gave up after {message.attempts} tries: {error}")
        return _finish(message, OutboundStatus.QUEUED, error=str(error), now=now, retry=True)
    except Uncertain as error:
        return _finish(message, OutboundStatus.UNCERTAIN, error=str(error), now=now)
    except Exception as error:  # a bug or an unforeseen answer: tried again like a temporary failure
        logger.exception("outbound message %s: unexpected error", message.uuid)
        if message.attempts >= conf.max_attempts():
            return _finish(message, OutboundStatus.FAILED, now=now,
                           error=f"gave up after {message.attempts} tries: {type(error).__name__}: {error}")
        return _finish(message, OutboundStatus.QUEUED, error=f"{type(error).__name__}: {error}", now=now,
                       retry=True)
    return _finish(message, OutboundStatus.SENT, now=now, gateway_message_id=sent.gateway_message_id)


def _finish(message, status, *, now, error: str = "", retry: bool = False, gateway_message_id: str = "") -> str:
    """Record the outcome of a claimed message's try (only while it is still this claim's: a callback may
    have moved it on meanwhile)."""
    fields = {"status": status}
    if error:  # a success keeps the last error (what the message went through)
        fields["last_error"] = error[:2000]
    if retry:
        fields["next_attempt_at"] = now + backoff(message.attempts)
    if status == OutboundStatus.SENT:
        fields.update(sent_at=now, gateway_message_id=gateway_message_id[:100])
    with transaction.atomic():
        changed = OutboundMessage.objects.filter(pk=message.pk, status=OutboundStatus.SENDING,
                                                 claimed_at=message.claimed_at).update(**fields)
        if not changed and status == OutboundStatus.SENT:  # a callback came first: keep its status
            OutboundMessage.objects.filter(pk=message.pk, gateway_message_id="").update(
                gateway_message_id=gateway_message_id[:100], sent_at=now)
        if changed and status != OutboundStatus.QUEUED:
            message.refresh_from_db()
            outbound_status_changed.send(sender=OutboundMessage, message=message, previous=OutboundStatus.SENDING)
    log = logger.warning if status in (OutboundStatus.FAILED, OutboundStatus.UNCERTAIN) else logger.info
    log("outbound message %s (try %d): %s %s", message.uuid, message.attempts, status, error)
    return str(status)


def recover_interrupted(*, now: dt.datetime | None = None) -> list[OutboundMessage]:
    """Settle each message left `sending` by a worker that died (claimed longer ago than the claim lease),
    without sending it twice: queued again where the gateway deduplicates or certainly does not have it,
    recorded as sent where the gateway has it, `uncertain` where nobody can tell."""
    now = now or timezone.now()
    stale = list(OutboundMessage.objects.select_related("gateway").filter(
        status=OutboundStatus.SENDING, claimed_at__lt=now - dt.timedelta(seconds=conf.claim_seconds())))
    for message in stale:
        backend = backend_for(message)
        note = f"interrupted while sending (worker {message.claimed_by} stopped)"
        if backend.idempotent:
            _settle(message, OutboundStatus.QUEUED, f"{note}: sent again with the same reference, which the "
                    "gateway deduplicates", now=now)
            continue
        try:
            found = backend.lookup(message)
        except LookupUnsupported:
            _settle(message, OutboundStatus.UNCERTAIN, f"{note}: the gateway cannot tell whether it has the "
                    "message, so it is not sent again by itself", now=now)
            continue
        except (TemporaryFailure, PermanentFailure, Uncertain) as error:
            logger.warning("outbound message %s: could not ask the gateway (%s); asking again later",
                           message.uuid, error)
            continue
        if found is None:
            _settle(message, OutboundStatus.QUEUED, f"{note}: the gateway does not have it; sent again", now=now)
        else:
            _settle(message, OutboundStatus.SENT, f"{note}: the gateway has it", now=now, gateway_message_id=found)
    return stale


def _settle(message, status, note: str, *, now, gateway_message_id: str = "") -> None:
    fields = {"status": status, "last_error": note}
    if status == OutboundStatus.QUEUED:
        fields["next_attempt_at"] = now
    if status == OutboundStatus.SENT:
        fields.update(sent_at=now, gateway_message_id=gateway_message_id[:100])
    with transaction.atomic():
        if OutboundMessage.objects.filter(pk=message.pk, status=OutboundStatus.SENDING,
                                          claimed_at=message.claimed_at).update(**fields):
            logger.warning("outbound message %s: %s", message.uuid, note)
            if status != OutboundStatus.QUEUED:
                message.refresh_from_db()
                outbound_status_changed.send(sender=OutboundMessage, message=message,
                                             previous=OutboundStatus.SENDING)


def requeue(message: OutboundMessage, *, acting_user) -> bool:
    """Send an uncertain or failed message again (an operator's decision, knowing it may arrive twice)."""
    from peaceops.core.changelog import log_change
    from peaceops.core.choices import ChangeAction

    with transaction.atomic():
        changed = OutboundMessage.objects.filter(
            pk=message.pk, status__in=[OutboundStatus.UNCERTAIN, OutboundStatus.FAILED]).update(
            status=OutboundStatus.QUEUED, next_attempt_at=timezone.now(), attempts=0,
            last_error=f"sent again by {acting_user}")
        if changed:
            log_change(action=ChangeAction.UPDATE, obj=message, acting_user=acting_user,
                       before={"status": message.status}, after={"status": OutboundStatus.QUEUED},
                       reason="send again", publish=False)
            _wake_on_commit()
    return bool(changed)


# -- Delivery status from the gateways -------------------------------------------------------------------------

def apply_status(gateway: Gateway, updates: list[StatusUpdate], *, now: dt.datetime | None = None) -> int:
    """Record the statuses a gateway's callback reported for its messages; returns how many messages moved.
    A message is found by our reference or the gateway's id, only among this gateway's messages; a status
    never moves a message back (delivered stays delivered)."""
    now = now or timezone.now()
    moved = 0
    for update in updates:
        messages = OutboundMessage.objects.filter(gateway=gateway)
        message = None
        if update.reference:
            message = messages.filter(uuid=_uuid_or_none(update.reference)).first() \
                if _uuid_or_none(update.reference) else None
        if message is None and update.gateway_message_id:
            message = messages.filter(gateway_message_id=update.gateway_message_id).first()
        if message is None or PROGRESS[message.status] >= PROGRESS[update.status] and not (
                message.status == OutboundStatus.FAILED and update.status == OutboundStatus.DELIVERED):
            continue
        previous = message.status
        fields = {"status": update.status}
        if update.gateway_message_id and not message.gateway_message_id:
            fields["gateway_message_id"] = update.gateway_message_id[:100]
        if update.status == OutboundStatus.DELIVERED:
            fields["delivered_at"] = now
        if update.status in (OutboundStatus.SENT, OutboundStatus.DELIVERED) and message.sent_at is None:
            fields["sent_at"] = now
        if update.status == OutboundStatus.FAILED:
            fields["last_error"] = update.error or "the gateway reported the message undelivered"
        with transaction.atomic():
            if OutboundMessage.objects.filter(pk=message.pk, status=previous).update(**fields):
                moved += 1
                message.refresh_from_db()
                outbound_status_changed.send(sender=OutboundMessage, message=message, previous=previous)
    return moved


#: How long after sending a message's delivery is still asked for (a phone off for days is not waited for).
POLL_FOR = dt.timedelta(days=2)


def poll_delivery(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Ask the gateways without status callbacks (`backend.polled`: RapidPro/TextIt) for the delivery of their
    messages sent within `POLL_FOR` and still `sent`; record what they say (`apply_status`). Returns how many
    messages moved. A gateway that does not answer is asked again at the next poll."""
    now = now or timezone.now()
    polled_kinds = [kind for kind in GatewayKind.values if _backend_class_polled(kind)]
    waiting = (OutboundMessage.objects.select_related("gateway")
               .filter(status=OutboundStatus.SENT, gateway__kind__in=polled_kinds, gateway__active=True,
                       sent_at__gte=now - POLL_FOR).exclude(gateway_message_id="").order_by("sent_at", "pk"))
    moved = 0
    for message in waiting[:limit]:
        try:
            update = backend_for(message).poll(message)
        except (TemporaryFailure, PermanentFailure, Uncertain, LookupUnsupported) as error:
            logger.info("outbound message %s: delivery not known yet (%s)", message.uuid, error)
            continue
        if update is not None:
            moved += apply_status(message.gateway, [update], now=now)
    return moved


def _backend_class_polled(kind: str) -> bool:
    from .backends import backend_of

    return backend_of(Gateway(kind=kind)).polled


@background_task(max_attempts=1)
def poll_delivery_task() -> dict:
    """The worker's task: ask callback-less gateways for their messages' delivery (`poll_delivery`)."""
    return {"moved": poll_delivery()}


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        return None

"""Inbound messages: the three payload shapes read into one `Incoming`, and storing it once per gateway
message id, announcing each new one with the `inbound_received` hook.

- Twilio (form-encoded): `MessageSid` (or `SmsSid`), `From`, `Body`; received now (Twilio sends no time).
- RapidPro/TextIt "Call webhook" (JSON, the default body): `input.uuid` (the message; else `run.uuid`),
  `contact.urn` (`tel:+383...`, else `input.urn`), `input.text`, `input.created_on`.
- Plain JSON: `{"id": ..., "from": ..., "text": ..., "received_at": ISO 8601 (optional)}`.
"""

import datetime as dt
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .choices import GatewayKind
from .hooks import inbound_received
from .models import InboundMessage

MAX_TEXT = 2000


class PayloadError(ValueError):
    """The post cannot be read as a message: `field` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Incoming:
    """One inbound message as any gateway sends it."""

    message_id: str
    sender: str
    text: str
    received_at: dt.datetime
    raw: dict


def _text(value, field: str, *, required: bool = True, limit: int = 200) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise PayloadError(field, "missing")
        return ""
    if not isinstance(value, str | int):
        raise PayloadError(field, "must be a string")
    value = str(value).strip()
    if len(value) > limit:
        raise PayloadError(field, f"longer than {limit} characters")
    return value


def _time(value, field: str) -> dt.datetime:
    if value in (None, ""):
        return timezone.now()
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise PayloadError(field, "not an ISO 8601 date and time")
    if parsed.tzinfo is None:
        raise PayloadError(field, "needs a time zone (e.g. Z for UTC)")
    return parsed.astimezone(dt.UTC)


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise PayloadError("body", f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise PayloadError("body", "must be a JSON object")
    return data


def _urn_number(urn) -> str:
    if isinstance(urn, dict):  # some RapidPro versions send {"scheme": "tel", "path": "+383..."}
        urn = urn.get("path") or urn.get("identity")
    urn = _text(urn, "contact.urn", limit=100)
    return urn.split(":", 1)[1] if urn.startswith("tel:") else urn


def parse(gateway, request) -> Incoming:
    """The message a verified post carries; PayloadError when it carries none."""
    if gateway.kind == GatewayKind.TWILIO:
        form = {name: request.POST.get(name) for name in request.POST}
        return Incoming(
            message_id=_text(form.get("MessageSid") or form.get("SmsSid"), "MessageSid", limit=100),
            sender=_text(form.get("From"), "From", limit=64),
            text=_text(form.get("Body"), "Body", limit=MAX_TEXT),
            received_at=timezone.now(), raw=form)
    data = _json(request.body)
    if gateway.kind == GatewayKind.RAPIDPRO:
        given = data.get("input") if isinstance(data.get("input"), dict) else {}
        run = data.get("run") if isinstance(data.get("run"), dict) else {}
        contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
        if "input" not in data:
            raise PayloadError("input", "missing (the webhook's default body carries the message in input)")
        return Incoming(
            message_id=_text(given.get("uuid") or run.get("uuid"), "input.uuid", limit=100),
            sender=_urn_number(contact.get("urn") or given.get("urn")),
            text=_text(given.get("text"), "input.text", limit=MAX_TEXT),
            received_at=_time(given.get("created_on"), "input.created_on"), raw=data)
    return Incoming(
        message_id=_text(data.get("id"), "id", limit=100),
        sender=_text(data.get("from"), "from", limit=64),
        text=_text(data.get("text"), "text", limit=MAX_TEXT),
        received_at=_time(data.get("received_at"), "received_at"), raw=data)


def receive(gateway, incoming: Incoming) -> tuple[InboundMessage, bool]:
    """Store the message unless the gateway sent it before; returns (message, whether it is new). A new one is
    announced with `inbound_received` in the same transaction."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # insert first: a new message (the common case) costs one statement
                message = InboundMessage.objects.create(
                    gateway=gateway, mission_id=gateway.mission_id, gateway_message_id=incoming.message_id,
                    sender=incoming.sender, text=incoming.text, received_at=incoming.received_at,
                    raw=incoming.raw)
        except IntegrityError:  # stored before (a gateway's retry, or the same post twice at once)
            return InboundMessage.objects.get(gateway=gateway, gateway_message_id=incoming.message_id), False
        inbound_received.send(sender=InboundMessage, message=message, gateway=gateway, mission=gateway.mission)
        return message, True

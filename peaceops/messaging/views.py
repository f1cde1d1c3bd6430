"""The gateways' webhooks: inbound messages and delivery status callbacks.

Both answer: 404 for an unknown or inactive gateway, 405 for anything but POST, 403 without the gateway's
valid signature, 429 beyond the gateway's limit per minute, 400 naming the field a payload lacks; then 200
(inbound: also for a repeat, which stores nothing). Answers are small JSON; no session is read or written.

The rate window's count and what the post stores commit in one transaction (one write, not two, per post): a
200 is answered only after that commit, so it always means the message (and whatever its receivers stored,
e.g. the alert) is in the database.
"""

import logging

from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peaceops.core.writers import one_writer

from .choices import GatewayKind
from .inbound import PayloadError, parse, receive
from .models import Gateway
from .outbox import apply_status
from .ratelimit import allow
from .signatures import refusal

logger = logging.getLogger("peaceops.messaging")


def _gateway(uuid) -> Gateway:
    gateway = Gateway.objects.select_related("mission").filter(uuid=uuid, active=True).first()
    if gateway is None:
        raise Http404("no such gateway")
    return gateway


def _unsigned(request, gateway) -> JsonResponse | None:
    """The 403 to answer a post without the gateway's valid signature, or None."""
    reason = refusal(gateway, request)
    if reason:
        logger.warning("gateway %s: post refused: %s", gateway.uuid, reason)
        return JsonResponse({"error": "signature", "detail": reason}, status=403)
    return None


def _over_limit(gateway) -> JsonResponse | None:
    """The 429 to answer beyond the gateway's posts per minute, or None (the post is counted). Call inside
    the transaction that stores what the post carries: the count commits with it."""
    if not allow(f"sms-hook:{gateway.pk}", limit=gateway.max_per_minute):
        response = JsonResponse({"error": "rate", "detail": "too many posts this minute; try again"}, status=429)
        response["Retry-After"] = "60"
        return response
    return None


def _bad(error: PayloadError) -> JsonResponse:
    return JsonResponse({"error": "payload", "field": error.field, "detail": error.message}, status=400)


@csrf_exempt
@require_POST
def inbound(request, gateway):
    """A gateway posts one inbound message."""
    gateway = _gateway(gateway)
    refused = _unsigned(request, gateway)
    if refused:
        return refused
    with one_writer(), transaction.atomic():  # committed before the answer leaves: a 200 means stored
        refused = _over_limit(gateway)
        if refused:
            return refused
        try:
            incoming = parse(gateway, request)
        except PayloadError as error:
            return _bad(error)
        message, created = receive(gateway, incoming)
    if gateway.kind == GatewayKind.TWILIO:  # Twilio reads TwiML: an empty answer sends no reply
        return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response/>', content_type="text/xml")
    return JsonResponse({"stored": created, "id": message.gateway_message_id}, status=200)


@csrf_exempt
@require_POST
def status(request, gateway):
    """A gateway posts the delivery status of messages it sent for us."""
    from .backends import backend_of

    gateway = _gateway(gateway)
    refused = _unsigned(request, gateway)
    if refused:
        return refused
    with one_writer(), transaction.atomic():
        refused = _over_limit(gateway)
        if refused:
            return refused
        try:
            updates = backend_of(gateway).status_updates(request)
        except PayloadError as error:
            return _bad(error)
        updated = apply_status(gateway, updates)
    return JsonResponse({"updated": updated}, status=200)

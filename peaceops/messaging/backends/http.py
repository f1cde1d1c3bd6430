"""The HTTP SMS gateways: plain JSON, Twilio-shaped and RapidPro/TextIt-shaped APIs, spoken with `requests`
(timeouts from `conf.http_timeout`).

How each fails: no connection (refused, DNS, connect timeout) -> TemporaryFailure (nothing reached the
gateway); a 429 or 5xx answer -> TemporaryFailure; another 4xx -> PermanentFailure; no answer after the request
went out (read timeout, connection dropped) -> Uncertain, unless the gateway deduplicates (JSON: our reference
is its idempotency key), when a retry is safe and it is a TemporaryFailure.
"""

import json

import requests
from django.urls import reverse

from ..choices import OutboundStatus
from ..conf import http_timeout, public_url
from ..inbound import PayloadError
from ..signatures import json_signature
from . import Backend, PermanentFailure, Sent, StatusUpdate, TemporaryFailure, Uncertain

#: Twilio's statuses, as ours.
TWILIO_STATUSES = {"sent": OutboundStatus.SENT, "delivered": OutboundStatus.DELIVERED,
                   "undelivered": OutboundStatus.FAILED, "failed": OutboundStatus.FAILED,
                   "read": OutboundStatus.DELIVERED}
#: RapidPro/TextIt's message statuses a poll reads, as ours ("errored" is retried by RapidPro: not final).
RAPIDPRO_STATUSES = {"delivered": OutboundStatus.DELIVERED, "read": OutboundStatus.DELIVERED,
                     "failed": OutboundStatus.FAILED}
#: The plain JSON (and RapidPro bridge) callback's statuses, as ours.
JSON_STATUSES = {"sent": OutboundStatus.SENT, "delivered": OutboundStatus.DELIVERED,
                 "failed": OutboundStatus.FAILED, "undelivered": OutboundStatus.FAILED}


def _answer(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


class HttpBackend(Backend):
    """Shared request handling of the HTTP kinds."""

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = requests.request(method, url, timeout=http_timeout(), allow_redirects=False, **kwargs)
        except requests.ConnectTimeout as error:
            raise TemporaryFailure(f"no connection to the gateway: {error}") from error
        except requests.ConnectionError as error:
            if _never_sent(error):
                raise TemporaryFailure(f"no connection to the gateway: {error}") from error
            return self.no_answer(error)
        except requests.RequestException as error:  # a read timeout: the request went out
            return self.no_answer(error)
        if response.status_code == 429 or response.status_code >= 500:
            raise TemporaryFailure(f"the gateway answered {response.status_code}: {response.text[:200]}")
        if response.status_code >= 400:
            raise PermanentFailure(f"the gateway refused the message ({response.status_code}): "
                                   f"{response.text[:300]}")
        return response

    def no_answer(self, error):
        if self.idempotent:
            raise TemporaryFailure(f"no answer from the gateway (a retry is safe: it deduplicates): {error}")
        raise Uncertain(f"no answer from the gateway after sending: {error}")

    def status_url(self, message) -> str:
        """Where the gateway posts this message's delivery status (empty without PEACEOPS_PUBLIC_URL)."""
        base = public_url()
        if not base:
            return ""
        return base + reverse("messaging:status", args=[self.gateway.uuid]) + f"?ref={message.uuid}"

    def json_updates(self, request) -> list[StatusUpdate]:
        """The plain JSON callback: {"reference" or "id", "status", "error"}, one object or a list."""
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError) as error:
            raise PayloadError("body", f"not JSON ({error})") from None
        items = data if isinstance(data, list) else [data]
        updates = []
        for position, item in enumerate(items):
            where = f"[{position}]." if isinstance(data, list) else ""
            if not isinstance(item, dict):
                raise PayloadError(f"{where}body", "must be a JSON object")
            status = JSON_STATUSES.get(str(item.get("status", "")).lower())
            if status is None:
                raise PayloadError(f"{where}status", f"one of {', '.join(sorted(JSON_STATUSES))}")
            reference, gateway_id = str(item.get("reference") or ""), str(item.get("id") or "")
            if not reference and not gateway_id:
                raise PayloadError(f"{where}reference", "missing (or the gateway's id)")
            updates.append(StatusUpdate(status=status, reference=reference, gateway_message_id=gateway_id,
                                        error=str(item.get("error") or "")[:500]))
        return updates


def _never_sent(error: Exception) -> bool:
    """Whether a connection error happened before the request left (refused, unreachable, connect timeout)."""
    text = str(error)
    return any(mark in text for mark in ("Connection refused", "Name or service not known", "NewConnectionError",
                                         "Failed to establish", "No route to host", "Temporary failure in name"))


class JsonBackend(HttpBackend):
    """POST {base URL} with {"reference", "to", "from", "text", "language"}, signed like the webhook
    (`X-PeaceOps-Signature`), our reference also in `Idempotency-Key`: the gateway must deduplicate on it
    (the contract in docs/operators/messaging.md), so a resend after a crash reaches nobody twice."""

    idempotent = True

    def send(self, message) -> Sent:
        body = json.dumps({"reference": str(message.uuid), "to": message.recipient, "from": self.gateway.sender,
                           "text": message.body, "language": message.language,
                           "status_url": self.status_url(message)}).encode()
        response = self.request("POST", self.gateway.base_url, data=body, headers={
            "Content-Type": "application/json", "Idempotency-Key": str(message.uuid),
            "X-PeaceOps-Signature": json_signature(self.gateway.secret, body)})
        return Sent(gateway_message_id=str(_answer(response).get("id") or ""))

    def status_updates(self, request) -> list[StatusUpdate]:
        return self.json_updates(request)


class TwilioBackend(HttpBackend):
    """Twilio's Messages API (Basic auth: account SID and auth token). It takes no idempotency key, so after a
    crash the message list is asked (`lookup`: messages to the number since the claim, with the same body)."""

    idempotent = False

    def messages_url(self) -> str:
        return f"{self.gateway.base_url.rstrip('/')}/2010-04-01/Accounts/{self.gateway.account}/Messages.json"

    def send(self, message) -> Sent:
        form = {"To": message.recipient, "From": self.gateway.sender, "Body": message.body}
        callback = self.status_url(message)
        if callback:
            form["StatusCallback"] = callback
        response = self.request("POST", self.messages_url(), data=form,
                                auth=(self.gateway.account, self.gateway.secret))
        return Sent(gateway_message_id=str(_answer(response).get("sid") or ""))

    def lookup(self, message) -> str | None:
        since = (message.claimed_at or message.created_at).date().isoformat()
        try:
            response = self.request("GET", self.messages_url(), params={"To": message.recipient,
                                                                         "DateSent>": since, "PageSize": 100},
                                    auth=(self.gateway.account, self.gateway.secret))
        except (TemporaryFailure, Uncertain) as error:
            raise TemporaryFailure(f"could not ask Twilio: {error}") from error
        for item in _answer(response).get("messages") or []:
            if isinstance(item, dict) and item.get("body") == message.body and item.get("to") == message.recipient:
                return str(item.get("sid") or "")
        return None

    def status_updates(self, request) -> list[StatusUpdate]:
        sid = request.POST.get("MessageSid") or request.POST.get("SmsSid")
        given = (request.POST.get("MessageStatus") or request.POST.get("SmsStatus") or "").lower()
        if not sid:
            raise PayloadError("MessageSid", "missing")
        if not given:
            raise PayloadError("MessageStatus", "missing")
        status = TWILIO_STATUSES.get(given)
        if status is None:  # queued, accepted, sending...: nothing to record
            return []
        error = request.POST.get("ErrorCode") or ""
        return [StatusUpdate(status=status, reference=request.GET.get("ref", ""), gateway_message_id=sid,
                             error=f"Twilio error {error}" if error else "")]


class RapidProBackend(HttpBackend):
    """RapidPro/TextIt's API v2: POST {base URL}/api/v2/broadcasts.json with `Authorization: Token <API token>`
    and {"urns": ["tel:..."], "text"}. It takes no reference and cannot be searched by one: a message
    interrupted mid-send is `uncertain` and not sent again by itself. Status callbacks: the plain JSON shape,
    from a flow or a bridge, authenticated with the shared secret like the webhook; without them the worker
    polls the broadcast's message (`poll`, `outbox.poll_delivery`)."""

    idempotent = False

    def send(self, message) -> Sent:
        urn = message.recipient if ":" in message.recipient else f"tel:{message.recipient}"
        response = self.request("POST", f"{self.gateway.base_url.rstrip('/')}/api/v2/broadcasts.json",
                                json={"urns": [urn], "text": message.body},
                                headers={"Authorization": f"Token {self.gateway.api_token}"})
        return Sent(gateway_message_id=str(_answer(response).get("id") or ""))

    def status_updates(self, request) -> list[StatusUpdate]:
        return self.json_updates(request)

    polled = True

    def poll(self, message) -> StatusUpdate | None:
        """Ask RapidPro/TextIt for the message of our broadcast (GET /api/v2/messages.json?broadcast=<id>) and
        its status: delivered, failed, or still sent (None)."""
        if not message.gateway_message_id:
            return None
        response = self.request("GET", f"{self.gateway.base_url.rstrip('/')}/api/v2/messages.json",
                                params={"broadcast": message.gateway_message_id},
                                headers={"Authorization": f"Token {self.gateway.api_token}"})
        found = (_answer(response).get("results") or [{}])[0]
        status = RAPIDPRO_STATUSES.get(str(found.get("status", "")))
        if status is None:
            return None
        return StatusUpdate(status=status, gateway_message_id=message.gateway_message_id,
                            error=f"RapidPro status {found.get('status')}" if status == OutboundStatus.FAILED else "")

"""The ways an outbound message leaves: one backend per gateway kind, and e-mail.

A backend sends one message (`send`), answers after a crash whether the gateway has it (`lookup`, where the
gateway can be asked), and reads the gateway's delivery status callbacks (`status_updates`). It says how it
fails: `TemporaryFailure` (not sent; try again later), `PermanentFailure` (not sent and never will be: a bad
number), `Uncertain` (the gateway may have it: a read timeout). `idempotent` is true when sending the same
message (the same `uuid`) again cannot reach the recipient twice (the gateway deduplicates on our reference).
"""

from dataclasses import dataclass

from ..choices import Channel, GatewayKind


class TemporaryFailure(Exception):
    """Not sent this time; another try may work (the gateway down, busy or slow to answer the connection)."""


class PermanentFailure(Exception):
    """Not sent, and another try would fail the same way (a refused number, a refused credential)."""


class Uncertain(Exception):
    """The request may have reached the gateway (the answer never came): sent or not, nobody knows."""


class LookupUnsupported(Exception):
    """The gateway cannot be asked whether it has a message."""


@dataclass(frozen=True)
class Sent:
    """What a gateway answered for a message it took."""

    gateway_message_id: str = ""


@dataclass(frozen=True)
class StatusUpdate:
    """One delivery status from a gateway's callback: the message by our reference or the gateway's id."""

    status: str  # an OutboundStatus value
    reference: str = ""
    gateway_message_id: str = ""
    error: str = ""


class Backend:
    """Base: sends nothing (each kind overrides)."""

    idempotent = False

    def __init__(self, gateway=None):
        self.gateway = gateway

    def send(self, message) -> Sent:  # pragma: no cover - abstract
        raise NotImplementedError

    def lookup(self, message) -> str | None:
        """The gateway's id of `message` if the gateway has it, None if it certainly has not."""
        raise LookupUnsupported(type(self).__name__)

    def status_updates(self, request) -> list[StatusUpdate]:
        """The statuses a verified callback carries (PayloadError when it carries none)."""
        return []

    #: Whether the gateway is asked for its messages' delivery status (`poll`), having no status callback.
    polled = False

    def poll(self, message) -> StatusUpdate | None:
        """The delivery status the gateway now gives a sent message (None: nothing new to say)."""
        raise LookupUnsupported(type(self).__name__)


def backend_for(message) -> Backend:
    """The backend that sends `message`: e-mail, or its gateway's kind."""
    if message.channel == Channel.EMAIL:
        from .email import EmailBackend

        return EmailBackend()
    return backend_of(message.gateway)


def backend_of(gateway) -> Backend:
    from . import http, local

    kinds = {GatewayKind.CONSOLE: local.ConsoleBackend, GatewayKind.FILE: local.FileBackend,
             GatewayKind.JSON: http.JsonBackend, GatewayKind.TWILIO: http.TwilioBackend,
             GatewayKind.RAPIDPRO: http.RapidProBackend}
    return kinds[gateway.kind](gateway)

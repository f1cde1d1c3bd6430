"""The names of messaging: gateway kinds, channels, outbound statuses, template keys, languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GatewayKind(models.TextChoices):
    """How a gateway is spoken to (and how it signs what it sends us)."""

    RAPIDPRO = "rapidpro", _("RapidPro / TextIt (HTTP)")
    TWILIO = "twilio", _("Twilio (HTTP)")
    JSON = "json", _("Plain JSON (HTTP)")
    CONSOLE = "console", _("Console (demo: printed by the worker)")
    FILE = "file", _("File (demo: one JSON line per message)")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OutboundStatus(models.TextChoices):
    """Where an outbound message is. `uncertain`: its sending was interrupted (the worker died) on a gateway
    that cannot tell whether it went out; it is not sent again by itself (docs/operators/messaging.md)."""

    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    UNCERTAIN = "uncertain", _("Interrupted: may have been sent")


class TemplateKey(models.TextChoices):
    """The messages a mission words itself, in each language."""

    RECEIPT = "receipt", _("Receipt (the alert was received)")
    VERIFIED = "verified", _("Verified")
    ACTED_ON = "acted_on", _("Acted on")
    CLOSED = "closed", _("Closed")
    ASK_MORE = "ask_more", _("Asking the reporter for more")


class MessageLanguage(models.TextChoices):
    """The languages a template is written in (settings.LANGUAGES' codes)."""

    EN = "en", "English"
    SQ = "sq", "Shqip"
    SR_LATN = "sr-latn", "Srpski (latinica)"
    SR = "sr", "Српски (ћирилица)"

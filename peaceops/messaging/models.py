"""Messaging's tables: gateways, inbound messages, the outbox, message templates and the rate windows."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.models import Mission

from .choices import Channel, GatewayKind, MessageLanguage, OutboundStatus, TemplateKey
from .texts import placeholder_errors


class Gateway(models.Model):
    """An SMS gateway of a mission: where its outbound SMS go and whose webhook brings inbound SMS. Its
    `secret` verifies what the gateway posts to us (and, for Twilio, is the account's auth token);
    `api_token` is what we present to the gateway's API when the two differ (RapidPro/TextIt)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="gateways",
                                verbose_name=_("mission"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=GatewayKind.choices)
    secret = models.CharField(_("shared secret"), max_length=200, blank=True, help_text=_(
        "Verifies what the gateway posts to PeaceOps (Twilio: the account's auth token). Never shown again."))
    api_token = models.CharField(_("API token"), max_length=200, blank=True, help_text=_(
        "RapidPro/TextIt: the workspace's API token PeaceOps sends messages with. Never shown again."))
    account = models.CharField(_("account"), max_length=100, blank=True, help_text=_(
        "Twilio: the account SID."))
    sender = models.CharField(_("sender number"), max_length=40, blank=True)
    base_url = models.URLField(_("base URL"), blank=True, help_text=_(
        "The gateway's API (e.g. https://textit.com, https://api.twilio.com, your gateway's send URL)."))
    active = models.BooleanField(_("active"), default=True)
    max_per_minute = models.PositiveIntegerField(_("inbound limit per minute"), default=6000, help_text=_(
        "Webhook posts accepted per minute; more are answered 429 (the gateway retries them)."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SMS gateway")
        verbose_name_plural = _("SMS gateways")
        ordering = ["mission", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        http = {GatewayKind.RAPIDPRO, GatewayKind.TWILIO, GatewayKind.JSON}
        if self.kind in http and not self.secret:
            raise ValidationError({"secret": _("An HTTP gateway needs a shared secret to verify its posts.")})
        if self.kind in http and not self.base_url:
            raise ValidationError({"base_url": _("An HTTP gateway needs the base URL of its API.")})
        if self.kind == GatewayKind.TWILIO and not self.account:
            raise ValidationError({"account": _("A Twilio gateway needs the account SID.")})


class InboundMessage(models.Model):
    """A message a gateway brought us, as it came (the raw payload kept), once per gateway message id."""

    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, related_name="inbound",
                                verbose_name=_("gateway"))
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+", verbose_name=_("mission"))
    gateway_message_id = models.CharField(_("gateway message id"), max_length=100)
    sender = models.CharField(_("sender"), max_length=64)
    text = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received at"))
    stored_at = models.DateTimeField(_("stored at"), default=timezone.now)
    raw = models.JSONField(_("raw payload"))

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["gateway", "gateway_message_id"],
                                               name="inbound_once_per_gateway_id")]

    def __str__(self) -> str:
        return f"{self.gateway_message_id} ({self.received_at:%Y-%m-%d %H:%M})"


class OutboundMessage(models.Model):
    """One message to one recipient, from queued to sent (and delivered) or failed. `uuid` is our reference:
    the gateway's idempotency key where its API takes one, and the id a status callback names."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+", verbose_name=_("mission"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    gateway = models.ForeignKey(Gateway, null=True, blank=True, on_delete=models.PROTECT, related_name="outbound",
                                verbose_name=_("gateway"))
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=8, choices=MessageLanguage.choices, default="en")
    related_type = models.CharField(_("related record type"), max_length=64, blank=True)
    related_id = models.CharField(_("related record id"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboundStatus.choices,
                              default=OutboundStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    gateway_message_id = models.CharField(_("gateway message id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["gateway", "gateway_message_id"], name="outbox_gateway_id_idx"),
            models.Index(fields=["related_type", "related_id"], name="outbox_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.uuid}"


class MessageTemplate(models.Model):
    """The words of one message (`key`) in one language for one mission, with placeholders such as
    {reference} and {status} (`texts.PLACEHOLDERS`); an unknown placeholder is refused on save."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="message_templates",
                                verbose_name=_("mission"))
    key = models.CharField(_("message"), max_length=16, choices=TemplateKey.choices)
    language = models.CharField(_("language"), max_length=8, choices=MessageLanguage.choices)
    body = models.TextField(_("text"), max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["mission", "key", "language"]
        constraints = [models.UniqueConstraint(fields=["mission", "key", "language"],
                                               name="one_template_per_key_language")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.language})"

    def save(self, *args, **kwargs):
        problems = placeholder_errors(self.body or "")
        if problems:  # whatever the caller (admin, service, shell): never a template that cannot render
            raise ValidationError({"body": problems})
        super().save(*args, **kwargs)

    def clean(self):
        problems = placeholder_errors(self.body or "")
        if problems:
            raise ValidationError({"body": problems})


class RateWindow(models.Model):
    """How many requests one key (a gateway's webhook) made in one fixed window: the per-gateway limit,
    shared by every web process through the database."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_rate_window")]

    def __str__(self) -> str:
        return f"{self.key} {self.window_start:%H:%M}: {self.count}"

"""A notification: one thing a user is told in the app, with a link to what it is about."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user in the app. `text` is stored in English words the platform chose and
    `said`/`params` let the page show it in the reader's language (as refusals do); `url` opens what it is
    about; `related_type`/`related_id` name the record ("alerts.alert", its id). Read when `read_at` is set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    mission = models.ForeignKey("core.Mission", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    related_type = models.CharField(max_length=60, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text


class Subscription(models.Model):
    """An alert rule: tell `user` of each new record of `record_type` ("app.model") in `mission` that matches
    `conditions` (the record type's FilterSet parameters: {"category": "threat", "q": "checkpoint"}; a value may
    be a list) and that the user may see, through the channels chosen: in the app, by e-mail to the user's
    address, by SMS to `sms_number`. A paused rule (`active` False) tells nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(_("record type"), max_length=60)
    name = models.CharField(_("name"), max_length=200, blank=True)
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    in_app = models.BooleanField(_("in the app"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=False)
    by_sms = models.BooleanField(_("by SMS"), default=False)
    sms_number = models.CharField(_("SMS number"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["mission", "record_type", "active"], name="subscription_match_idx"),
                   models.Index(fields=["user", "-created_at"], name="subscription_user_idx")]

    def __str__(self) -> str:
        return self.name or f"{self.record_type} #{self.pk}"


class SubscriptionHit(models.Model):
    """That a rule fired for a record: a rule tells of one record at most once."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="hits")
    record_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "record_id"], name="uniq_subscription_hit")]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.record_id}"

"""The admin of messaging, for mission administrators (registered, scoped to their missions, by
`peaceops.web.admin_models`): gateways (secrets never shown back), message templates (placeholders checked),
and the inbound and outbound messages, read only, with phone numbers masked for whoever lacks
`messaging.view_phone_numbers` in the message's mission."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OutboundStatus
from .models import Gateway
from .privacy import SECRET_FIELDS, mask_number, masked_snapshot, shown_number, shown_recipient


def hint(value: str) -> str:
    """What the admin shows of a stored secret: that it is set and its last two characters."""
    if not value:
        return str(_("not set"))
    if len(value) <= 8:  # too short to show any of it
        return str(_("set; leave empty to keep it"))
    return str(_("set (ends in …%(end)s); leave empty to keep it")) % {"end": value[-2:]}


def _https_urls(field, **kwargs):
    """Model fields as form fields, URLs assuming https:// when typed without a scheme."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class GatewayForm(forms.ModelForm):
    """A gateway's form: secrets are typed, never shown; an empty secret field keeps the stored one."""

    secret = forms.CharField(label=_("shared secret"), required=False, strip=True,
                             widget=forms.PasswordInput(render_value=False))
    api_token = forms.CharField(label=_("API token"), required=False, strip=True,
                                widget=forms.PasswordInput(render_value=False))

    class Meta:
        model = Gateway
        fields = ("mission", "name", "kind", "sender", "base_url", "account", "secret", "api_token",
                  "max_per_minute", "active")
        formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            stored = getattr(self.instance, name, "") if self.instance.pk else ""
            self.fields[name].help_text = hint(stored) if self.instance.pk else Gateway._meta.get_field(
                name).help_text
            self.initial[name] = ""

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            stored = Gateway.objects.filter(pk=self.instance.pk).values(*SECRET_FIELDS).first() or {}
            for name in SECRET_FIELDS:
                if not data.get(name):
                    data[name] = stored.get(name, "")
                    setattr(self.instance, name, data[name])
        return data


class GatewayAdmin(admin.ModelAdmin):
    form = GatewayForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "mission", "kind", "sender", "active", "webhook")
    list_filter = ("kind", "active")
    search_fields = ("name",)

    @admin.display(description=_("webhook"))
    def webhook(self, obj):
        from django.urls import reverse

        return reverse("messaging:inbound", args=[obj.uuid])

    def get_readonly_fields(self, request, obj=None):
        return ("webhook",) if obj else ()

    def snapshot_of(self, obj) -> dict:
        return masked_snapshot(obj)


class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("mission", "key", "language", "body", "updated_at")
    list_filter = ("key", "language")
    search_fields = ("body",)


class ReadOnlyMessages(admin.ModelAdmin):
    """Messages, read only, their phone numbers shown as the reader may see them."""

    #: The field holding a phone number, masked without the permission.
    number_field = "recipient"
    #: Fields never shown (they carry the number again).
    hidden = ()

    def number_column(self, request):
        user = request.user

        def number(obj):
            if self.number_field == "recipient":
                return shown_recipient(user, obj)
            return shown_number(user, obj.mission_id, getattr(obj, self.number_field))

        number.short_description = self.model._meta.get_field(self.number_field).verbose_name
        number.__name__ = f"shown_{self.number_field}"
        return number

    def get_list_display(self, request):
        return [self.number_column(request) if f == self.number_field else f for f in self.list_display]

    def get_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.concrete_fields if f.name not in ("id", *self.hidden)]
        return [self.number_column(request) if f == self.number_field else f for f in names]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_search_fields(self, request):
        return ()  # searching by number would reveal it to whoever may not see it


class InboundMessageAdmin(ReadOnlyMessages):
    number_field = "sender"
    hidden = ("raw",)
    list_display = ("received_at", "gateway", "sender", "text")
    list_filter = ("gateway",)


class OutboundMessageAdmin(ReadOnlyMessages):
    number_field = "recipient"
    list_display = ("created_at", "channel", "recipient", "status", "attempts", "last_error")
    list_filter = ("status", "channel")
    actions = ["send_again"]

    @admin.action(description=_("Send again (uncertain or failed messages; may reach the recipient twice)"))
    def send_again(self, request, queryset):
        from .outbox import requeue

        count = sum(requeue(message, acting_user=request.user) for message in queryset.filter(
            status__in=[OutboundStatus.UNCERTAIN, OutboundStatus.FAILED]))
        self.message_user(request, _("Messages queued again: %(count)d.") % {"count": count}, messages.SUCCESS)


__all__ = ["GatewayAdmin", "InboundMessageAdmin", "MessageTemplateAdmin", "OutboundMessageAdmin", "mask_number"]

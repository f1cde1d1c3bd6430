"""The form of a new alert rule: its name and channels (prefixed `rule-`, so that the record type's filter
parameters keep their own names beside them: a list page's filters carry over as they are)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

#: A phone number as messaging's outbox accepts it (digits, optionally starting with +).
PHONE = re.compile(r"^\+?[0-9]{6,20}$")


class RuleForm(forms.Form):
    """Name and channels of a rule. `email` is the user's address (e-mail is refused without one)."""

    prefix = "rule"

    name = forms.CharField(label=_("Name of the rule"), max_length=200, required=False,
                           help_text=_("For example: Threats near Zubin Potok"))
    in_app = forms.BooleanField(label=_("In the app (the bell)"), required=False, initial=True)
    by_email = forms.BooleanField(label=_("By e-mail"), required=False)
    by_sms = forms.BooleanField(label=_("By SMS"), required=False)
    sms_number = forms.CharField(label=_("SMS number"), max_length=40, required=False,
                                 help_text=_("With the country code, e.g. +38344123456"))

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        if email:
            self.fields["by_email"].help_text = _("To %(address)s") % {"address": email}

    def clean_sms_number(self) -> str:
        number = re.sub(r"[\s\-().]", "", self.cleaned_data.get("sms_number") or "")
        if number and not PHONE.match(number):
            raise forms.ValidationError(_("Not a phone number: digits, optionally starting with +."))
        return number

    def clean(self):
        data = super().clean()
        if not (data.get("in_app") or data.get("by_email") or data.get("by_sms")):
            raise forms.ValidationError(_("Choose at least one way of being told."))
        if data.get("by_email") and not self.email:
            self.add_error("by_email", _("Your account has no e-mail address."))
        if data.get("by_sms") and not data.get("sms_number"):
            self.add_error("sms_number", _("Give the number to send the SMS to."))
        return data

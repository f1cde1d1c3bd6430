"""Forms of the account pages: a second-factor code, a new API token."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import DEFAULT_TOKEN_SCOPES, TokenScope

#: Lifetimes offered on the tokens page (the command line takes any value up to a year).
LIFETIME_CHOICES = [("7d", _("7 days")), ("30d", _("30 days")), ("90d", _("90 days")),
                    ("180d", _("180 days")), ("365d", _("1 year"))]


class CodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = forms.CharField(label=_("Code from your authenticator app"), max_length=8, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


class TokenForm(forms.Form):
    """A new API token of the signed-in user."""

    name = forms.CharField(label=_("Name (e.g. the machine that uses it)"), max_length=100, required=False)
    scopes = forms.MultipleChoiceField(label=_("Scopes"), widget=forms.CheckboxSelectMultiple,
                                       initial=[str(s) for s in DEFAULT_TOKEN_SCOPES])
    lifetime = forms.ChoiceField(label=_("Expires after"), choices=LIFETIME_CHOICES, initial="90d")

    def __init__(self, *args, may_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (value, f"{value} — {label}") for value, label in TokenScope.choices
            if may_admin or value != TokenScope.ADMIN
        ]

"""The forms of the People and roles page and of the Access explained page."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from peaceops.core.dates import validate_supported
from peaceops.core.models import Organisation
from peaceops.core.participation import administered_organisations, participants
from peaceops.web.context_processors import ROLE_LABELS


class GrantRoleForm(forms.Form):
    """Grant a role to a user in this mission, on behalf of one organisation, optionally until a date."""

    username = forms.CharField(label=_("User name"), max_length=150)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          to_field_name="code")
    role = forms.ChoiceField(label=_("Role"), choices=list(ROLE_LABELS.items()))
    until = forms.DateField(label=_("Until (temporary role, last day included)"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_supported])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, mission, acting_user, **kwargs):
        """Accepts the organisations taking part in the mission; offers those whose participation the acting
        user administers (the role services refuse, and audit, the others)."""
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = participants(mission)
        field.widget.choices = [("", field.empty_label)] + [
            (o.code, f"{o.code} — {o.name}") for o in administered_organisations(acting_user, mission)]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this name."))
        self.cleaned_data["user"] = user
        return username

    def ends_at(self) -> dt.datetime | None:
        """The end of the role: the end of the day chosen (UTC)."""
        day = self.cleaned_data.get("until")
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) if day else None


class RevokeRoleForm(forms.Form):
    """Revoke one role; the reason is required and kept in the change log."""

    reason = forms.CharField(label=_("Reason"), max_length=500)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the role is revoked."))
        return reason


class WhyNotForm(forms.Form):
    """Ask about one incident by its id."""

    incident = forms.UUIDField(label=_("Incident id"))

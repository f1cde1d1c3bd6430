"""The forms of the sharing pages: a record's Share control, a group, an agreement."""

import datetime as dt

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.dates import validate_supported
from peaceops.core.names import name_in
from peaceops.core.participation import participants
from peaceops.geo.models import AdminArea

from .models import RELEASABLE_LEVELS, OrganisationGroup, SharingAgreement


def target_choices(mission) -> list:
    """One select for "release to": the mission's groups, then the organisations taking part in the mission
    (values group:<id>, org:<id>)."""
    groups = [(f"group:{g.pk}", g.name) for g in OrganisationGroup.objects.filter(mission=mission)]
    organisations = [(f"org:{o.pk}", f"{o.code} — {o.name}") for o in participants(mission)]
    choices = [("", "—")]
    if groups:
        choices.append((_("Groups"), groups))
    choices.append((_("Organisations"), organisations))
    return choices


def resolve_target(mission, value: str):
    """(organisation, group) for a target value from `target_choices`; (None, None) when unknown."""
    kind, _sep, pk = value.partition(":")
    if not pk.isdigit():
        return None, None
    if kind == "org":
        return participants(mission).filter(pk=pk).first(), None
    if kind == "group":
        return None, OrganisationGroup.objects.filter(mission=mission, pk=pk).first()
    return None, None


class ShareForm(forms.Form):
    """Release a record to an organisation or group, optionally until a moment (UTC)."""

    target = forms.ChoiceField(label=_("Share with"))
    expires_at = forms.DateTimeField(label=_("Until (UTC, optional)"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
                                     validators=[validate_supported])
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = target_choices(mission)

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class GroupForm(forms.Form):
    """A named group of organisations taking part in the mission."""

    name = forms.CharField(label=_("Name"), max_length=100)
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = participants(mission)


#: The longest default expiry of an agreement's releases: a century keeps every expiry within the supported
#: dates (core.dates), and a larger number would overflow the calendar.
MAX_EXPIRY_DAYS = 36_500


class AgreementForm(forms.Form):
    """A standing release of an owner's new incidents to a partner organisation or group."""

    owner = forms.ModelChoiceField(label=_("Owning organisation"), queryset=None)
    partner = forms.ChoiceField(label=_("Released to"))
    classifications = forms.MultipleChoiceField(
        label=_("Classifications"), widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, c.label) for c in Classification if c in RELEASABLE_LEVELS])
    categories = forms.ModelMultipleChoiceField(label=_("Only these categories (and below)"), required=False,
                                                queryset=None)
    admin_areas = forms.ModelMultipleChoiceField(label=_("Only in these admin areas"), required=False,
                                                 queryset=AdminArea.objects.none())
    default_expiry_days = forms.IntegerField(label=_("Releases expire after (days, optional)"), required=False,
                                             min_value=1, max_value=MAX_EXPIRY_DAYS)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = participants(mission)
        self.fields["partner"].choices = target_choices(mission)
        # The categories of the record type that has them (incidents), as the agreement's field names them.
        categories = SharingAgreement._meta.get_field("categories").related_model
        self.fields["categories"].queryset = categories.objects.filter(mission=mission).order_by("path")
        self.fields["admin_areas"].queryset = AdminArea.objects.filter(mission=mission, level__gte=1).defer("geometry").order_by(
            "level", "name")
        for name in ("categories", "admin_areas"):  # named in the reader's language, as on every other page
            self.fields[name].label_from_instance = lambda item: name_in(item.names, item.name, get_language())

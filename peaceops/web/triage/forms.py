"""The triage actions' forms: what the officer gives besides the incident itself (the alert's grading as a source,
the incident it corroborates, why it is dismissed, why it is an allegation of misconduct)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.alerts.choices import DismissReason, Trust
from peaceops.core.choices import InformationCredibility, SourceReliability


def grading_for(alert) -> dict:
    """The grading offered for an alert as a source: its sender's trust gives the source's reliability (a
    registered focal point rated high: B; an unknown sender: F), the information is not yet judged (6)."""
    reliability = {Trust.HIGH: "B", Trust.MEDIUM: "C", Trust.LOW: "D"}.get(alert.trust, "F")
    return {"reliability": reliability, "credibility": "6"}


class GradingForm(forms.Form):
    """The alert's grading as a source of the incident (the admiralty code)."""

    reliability = forms.ChoiceField(label=_("Reliability of the source"), choices=SourceReliability.choices)
    credibility = forms.ChoiceField(label=_("Credibility of the information"), choices=InformationCredibility.choices)


class LinkForm(GradingForm):
    """The incident the alert corroborates (one of the hints, or its id typed), and the alert's grading."""

    incident = forms.UUIDField(label=_("Incident"), error_messages={
        "required": _("Choose the incident this alert reports."), "invalid": _("Enter an incident's id.")})

    field_order = ["incident", "reliability", "credibility"]


class DismissForm(forms.Form):
    """Why the alert is set aside; "other" needs a note."""

    why = forms.ChoiceField(label=_("Reason"), choices=DismissReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("why") == DismissReason.OTHER and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say why the alert is dismissed."))
        return cleaned


class MisconductForm(forms.Form):
    """An allegation of misconduct: why, and the officer's confirmation that the alert leaves the watch's view."""

    reason = forms.CharField(label=_("Why this is a misconduct allegation"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Give the reason.")})
    confirm = forms.BooleanField(
        label=_("I understand that the alert leaves the watch's view: only those who receive misconduct "
                "allegations will read it."),
        error_messages={"required": _("Confirm that the alert leaves the watch's view.")})

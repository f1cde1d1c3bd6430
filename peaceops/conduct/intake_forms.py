"""The forms of the ways in: the signed-in referral (`ReferralForm`) and the public anonymous report
(`AnonymousReportForm`). Both take what is alleged without names, and, apart, one person's name and contact,
which the case keeps encrypted (`intake.seal_people`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.core.public import Honeypot

from .choices import PersonnelCategory, PersonRole
from .intake import SUMMARY_LIMIT

PERSON_FIELDS = ("person_role", "person_name", "person_contact")


class AllegationForm(forms.Form):
    """What is alleged, when, by whom (the category of personnel), and one person named apart."""

    summary = forms.CharField(
        label=_("What happened?"),
        max_length=SUMMARY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is alleged, where and when. Please write no names here: give them below."),
    )
    incident_from = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "placeholder": "YYYY-MM-DD"}),
        help_text=_("The day, if you know it."),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2026-11-20.")},
    )
    personnel_category = forms.ChoiceField(
        label=_("Who is involved from the mission?"),
        choices=PersonnelCategory.choices,
        initial=PersonnelCategory.UNKNOWN,
    )
    person_role = forms.ChoiceField(
        label=_("A person you can name is"), choices=PersonRole.choices, initial=PersonRole.VICTIM
    )
    person_name = forms.CharField(
        label=_("Their name"),
        required=False,
        max_length=200,
        help_text=_("Optional. Stored encrypted; only the conduct officers handling the case can read it."),
    )
    person_contact = forms.CharField(
        label=_("How to reach them"), required=False, max_length=300, help_text=_("Optional: a phone number.")
    )

    def intake_data(self) -> dict:
        """The data `intake.refer` and `intake.report_anonymously` take."""
        cleaned = self.cleaned_data
        data = {"summary": cleaned["summary"], "personnel_category": cleaned["personnel_category"]}
        if cleaned.get("incident_from"):
            data["incident_from"] = cleaned["incident_from"]
        if cleaned.get("person_name") or cleaned.get("person_contact"):
            data["people"] = [
                {
                    "role": cleaned["person_role"],
                    "name": cleaned.get("person_name", ""),
                    "contact": cleaned.get("person_contact", ""),
                }
            ]
        return data

    def show(self, error) -> None:
        """A refused field of the data (`FieldError`) on its field of the form."""
        from peaceops.core.kit.errors import show_on_form

        name = {"people.0.name": "person_name", "people.0.contact": "person_contact"}.get(error.field)
        show_on_form(self, error, name or (error.field if error.field in self.fields else None))


class ReferralForm(AllegationForm):
    """A referral by a signed-in member, for one of their organisations."""

    organisation = forms.ChoiceField(label=_("Referred by"))
    field_order = ["organisation"]

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.code, f"{o.code} · {o.name}") for o in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].code

    def intake_data(self) -> dict:
        return {**super().intake_data(), "organisation": self.cleaned_data["organisation"]}


class AnonymousReportForm(AllegationForm, Honeypot):
    """The public report: no account, no name asked of the reporter; `website` is the trap for robots
    (`core.public.Honeypot`)."""

"""The workflow page of a conduct case, /conduct/cases/<uuid>/step/: the steps' timeline with their deadlines
and what is overdue, and (for who may change the case) the form of the next step. A case the user does not read
answers 404, like one that does not exist. A card on the case's page links here (`workflow_section`). A case without an owner is taken by a conduct officer
assigned to it from its page (**Take the case**, POST to `take`).

URL names (namespace `conduct_workflow`): `step`, `take`, `settings` (`settings_views`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied as ServicePermissionDenied

from . import workflow
from .choices import ActionBy, Answer, CaseStatus, Category, NioAnswer
from .models import Case
from .services import CaseService

BLANK = [("", "—")]
#: A date picker; where a phone has none, the text box shows the format (a date input ignores placeholders).
DATE = forms.DateInput(attrs={"type": "date", "placeholder": "YYYY-MM-DD"})
DATE_ERRORS = {"invalid": gettext_lazy("Enter a date as YYYY-MM-DD, e.g. 2026-11-20.")}
#: The fields one step records (workflow.STEP_FIELDS): the form shows those of the case's next steps only.
STEP_ONLY = (
    "category",
    "investigator",
    "nio_requested_on",
    "nio_appointed",
    "investigation_started_on",
    "investigation_ended_on",
    "outcome",
    "criminal_referral",
    "closed_on",
)


class StepForm(forms.Form):
    """The next step of a case: where to, why, and what the step records (only what the step takes)."""

    to = forms.ChoiceField(label=gettext_lazy("Step to"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=BLANK + Category.choices, required=False
    )
    investigator = forms.ChoiceField(
        label=gettext_lazy("Referred to"),
        required=False,
        choices=BLANK + [(v, workflow.Investigator(v).label) for v in workflow.INVESTIGATORS],
    )
    nio_requested_on = forms.DateField(
        label=gettext_lazy("NIO requested on"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    nio_appointed = forms.ChoiceField(
        label=gettext_lazy("NIO appointed"), choices=BLANK + NioAnswer.choices, required=False
    )
    investigation_started_on = forms.DateField(
        label=gettext_lazy("Investigation started on"),
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
    )
    investigation_ended_on = forms.DateField(
        label=gettext_lazy("Investigation ended on"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        required=False,
        choices=BLANK + [(v, workflow.Outcome(v).label) for v in workflow.OUTCOMES],
    )
    criminal_referral = forms.ChoiceField(
        label=gettext_lazy("Referral for criminal accountability"),
        choices=BLANK + Answer.choices,
        required=False,
    )
    closed_on = forms.DateField(
        label=gettext_lazy("Closed on"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    action_stage = forms.ChoiceField(
        label=gettext_lazy("Interim or final action"),
        required=False,
        choices=BLANK
        + [("interim", gettext_lazy("Interim action")), ("final", gettext_lazy("Final action"))],
    )
    action_label = forms.CharField(
        label=gettext_lazy("Action taken (e.g. repatriation)"), max_length=120, required=False
    )
    action_by = forms.ChoiceField(label=gettext_lazy("Taken by"), choices=ActionBy.choices, required=False)
    action_count = forms.IntegerField(
        label=gettext_lazy("Subjects the action concerns"), min_value=0, required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        steps = workflow.next_steps(case)
        self.fields["to"].choices = [(s, CaseStatus(s).label) for s in steps]
        taken = {name for s in steps for name in workflow.STEP_FIELDS.get(s, ())}
        for name in STEP_ONLY:  # what no next step records is not asked; what one of two records says which
            if name not in taken:
                del self.fields[name]
                continue
            only = [s for s in steps if name in workflow.STEP_FIELDS.get(s, ())]
            if len(only) < len(steps):
                self.fields[name].help_text = _("Only when the next step is %(steps)s") % {
                    "steps": ", ".join(str(CaseStatus(s).label) for s in only)
                }
        if "category" in self.fields and case.category:
            self.fields["category"].initial = case.category
        final = [s in (CaseStatus.OUTCOME, CaseStatus.CLOSED) for s in steps]
        if all(final) or not any(final):  # the step decides whether an action is interim or final
            del self.fields["action_stage"]

    def step_fields(self) -> dict:
        """What the step records: the fields filled in (an action as one row of its stage)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in STEP_ONLY if data.get(name) not in (None, "")}
        if data.get("outcome"):
            fields["results"] = [{"outcome": data["outcome"], "count": None}]
        if data.get("action_label"):
            stage = data.get("action_stage") or (
                "final" if data["to"] in ("outcome", "closed") else "interim"
            )
            fields[f"{stage}_actions"] = [
                {
                    "label": data["action_label"],
                    "taken_by": data.get("action_by") or "",
                    "count": data.get("action_count"),
                }
            ]
        return fields


def readable_case(request, pk) -> Case:
    """The case if the user reads it, else 404."""
    return get_object_or_404(Case.objects.visible_to(request.user).select_related("mission"), pk=pk)


def step_page(request, pk):
    """The case's timeline; on POST, its next step."""
    case = readable_case(request, pk)
    may = workflow.may_step(request.user, case)
    form = StepForm(request.POST or None, case=case)
    if request.method == "POST":
        if not may:
            raise PermissionDenied(_("You may not change this case."))
        if form.is_valid():
            try:
                workflow.step(
                    case,
                    acting_user=request.user,
                    to=form.cleaned_data["to"],
                    reason=form.cleaned_data["reason"],
                    **form.step_fields(),
                )
            except ServicePermissionDenied as denied:
                raise PermissionDenied(str(denied.message)) from denied
            except FieldError as error:
                form.add_error(error.field if error.field in form.fields else None, error.sentence())
            else:
                messages.success(
                    request,
                    _("Step taken: %(status)s.") % {"status": CaseStatus(form.cleaned_data["to"]).label},
                )
                return redirect("conduct_workflow:step", pk=case.pk)
    return TemplateResponse(
        request,
        "conduct/workflow_step.html",
        {
            "case": case,
            "form": form,
            "may": may and bool(workflow.next_steps(case)),
            "timeline": workflow.timeline(case),
            "overdue": bool(case.step_due_at and case.step_due_at < timezone.now()),
            "days": workflow.investigation_days(case),
        },
    )


@require_POST
def take_page(request, pk):
    """Take the case as its owner (the button on the case's page), then back to the case's page."""
    case = readable_case(request, pk)
    try:
        CaseService().take(case, acting_user=request.user, reason=request.POST.get("reason", ""))
    except ServicePermissionDenied as denied:
        raise PermissionDenied(str(denied.message)) from denied
    except FieldError as error:
        messages.error(request, error.sentence())
    else:
        messages.success(request, _("You are the owner of case %(reference)s.") % {"reference": case.reference})
    return redirect("cases:detail", pk=case.pk)


def workflow_section(request, record) -> dict:
    """The card on the case's page: where the case stands, its deadline, and the link to its workflow page."""
    case = Case.objects.visible_to(request.user).filter(pk=record.pk).first()
    if case is None:
        return None
    return {"case": case, "overdue": bool(case.step_due_at and case.step_due_at < timezone.now())}

"""The conduct cases' pages, from the kit's generic pages (`core.kit.views.RecordPages`): the list (only the
cases one is assigned to or has opened by break-glass; no count of any other), the case's page (its
reference, status, due date and owner first, then its fields and children, and the Assignments panel for
who may assign), the intake form a conduct officer fills, the history, and the break-glass form. No page
names a person of the case: the people and their sealed identities are the people section's."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .choices import CaseStatus
from .filters import CaseFilter
from .models import Case
from .services import CaseService, conduct_officers

#: What a conduct officer fills at intake (the workflow's fields are written by its steps).
FORM_FIELDS = (
    "summary",
    "reported_on",
    "reported_precision",
    "incident_from",
    "incident_from_precision",
    "incident_to",
    "incident_to_precision",
    "personnel_category",
    "nationality",
    "subjects",
    "category",
    "paternity_claim",
    "site",
    "unit",
    "lead_officer",
)
DETAIL_FIELDS = (
    "summary",
    "intake_channel",
    "reported_on",
    "reported_precision",
    "incident_from",
    "incident_from_precision",
    "incident_to",
    "incident_to_precision",
    "personnel_category",
    "nationality",
    "subjects",
    "category",
    "paternity_claim",
    "paternity_established",
    "investigator",
    "nio_requested_on",
    "nio_appointed",
    "investigation_started_on",
    "investigation_ended_on",
    "investigation_days",
    "outcome",
    "criminal_referral",
    "closed_on",
    "site",
    "unit",
)


class CaseTable(tables.Table):
    reference = tables.LinkColumn("cases:detail", args=[tables.A("pk")], verbose_name=_("Reference"))
    reported_on = tables.DateColumn(format="Y-m-d")
    step_due_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("Due"))

    class Meta:
        model = Case
        fields = ("reference", "status", "reported_on", "step_due_at", "classification")
        empty_text = _("No case you are assigned to.")


class CasePages(RecordPages):
    """The kit's pages of cases, with the intake form's defaults: classified STRICTLY CONFIDENTIAL, the owner
    chosen among the mission's conduct officers."""

    def _form_class(self, mission, fields=None, user=None):
        form_class = super()._form_class(mission, fields, user)
        form_class.base_fields["classification"].initial = "STRICTLY_CONFIDENTIAL"
        if "lead_officer" in form_class.base_fields:
            form_class.base_fields["lead_officer"].queryset = conduct_officers(mission)
        return form_class

    def detail(self, request, pk):
        response = super().detail(request, pk)
        record = response.context_data["record"]
        response.context_data["overdue"] = bool(
            record.step_due_at and record.step_due_at < timezone.now() and record.status != CaseStatus.CLOSED
        )
        response.context_data["may_take"] = self.service.may_take(request.user, record)
        return response


case_pages = CasePages(
    service=CaseService(),
    filterset=CaseFilter,
    table=CaseTable,
    namespace="cases",
    form_fields=FORM_FIELDS,
    detail_fields=DETAIL_FIELDS,
    children_forms=("victims", "allegations", "results", "actions", "assistance"),
)

app_name = "cases"
urlpatterns = case_pages.urls()

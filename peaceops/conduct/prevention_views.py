"""The prevention records' pages, from the kit's generic pages: SEA risk assessments (/conduct/risk/, whose page
adds the past allegations at the site as shown, the suggested level and the site's surroundings), training
completions (/conduct/training/) and prevention measures (/conduct/measures/)."""

import django_tables2 as tables
from django import forms
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .choices import RiskLevel
from .models import PreventionMeasure, RiskAssessment, TrainingCompletion
from .prevention import SCORES, assessment_context
from .prevention_filters import PreventionMeasureFilter, RiskAssessmentFilter, TrainingCompletionFilter
from .services import PreventionMeasureService, RiskAssessmentService, TrainingCompletionService


class RiskAssessmentTable(tables.Table):
    site = tables.LinkColumn("risk_assessments:detail", args=[tables.A("pk")], verbose_name=_("Site"))

    class Meta:
        model = RiskAssessment
        fields = ("site", "assessed_on", "level", "classification")


class TrainingCompletionTable(tables.Table):
    unit = tables.LinkColumn("training_completions:detail", args=[tables.A("pk")], verbose_name=_("Unit"))

    class Meta:
        model = TrainingCompletion
        fields = ("unit", "course", "as_of", "trained", "strength", "classification")


class PreventionMeasureTable(tables.Table):
    kind = tables.LinkColumn("prevention_measures:detail", args=[tables.A("pk")], verbose_name=_("Measure"))

    class Meta:
        model = PreventionMeasure
        fields = ("kind", "unit", "started_on", "ended_on", "classification")


class RiskAssessmentPages(RecordPages):
    """Risk assessments' pages: the level may be left to the scores' suggestion, and a record's page shows the
    past allegations (as the mission's threshold lets them be shown), the suggestion and the surroundings."""

    def _form_class(self, mission, fields=None, user=None):
        form_class = super()._form_class(mission, fields, user)
        level = forms.ChoiceField(
            label=_("Risk level"),
            required=False,
            choices=[("", _("As the scores suggest")), *RiskLevel.choices],
            help_text=_("Leave it to the scores, or choose the level you judge."),
        )
        return type("RiskAssessmentForm", (form_class,), {"level": level})

    def detail(self, request, pk):
        response = super().detail(request, pk)
        response.context_data.update(assessment_context(request.user, response.context_data["record"]))
        return response


risk_pages = RiskAssessmentPages(
    service=RiskAssessmentService(),
    filterset=RiskAssessmentFilter,
    table=RiskAssessmentTable,
    namespace="risk_assessments",
    form_fields=("site", "assessed_on", *SCORES, "level", "notes"),
    detail_fields=("site", "assessed_on", *SCORES, "level", "notes"),
)
training_pages = RecordPages(
    service=TrainingCompletionService(),
    filterset=TrainingCompletionFilter,
    table=TrainingCompletionTable,
    namespace="training_completions",
    form_fields=("unit", "course", "as_of", "trained", "strength", "notes"),
    detail_fields=("unit", "course", "as_of", "trained", "strength", "notes", "source_id"),
)
measure_pages = RecordPages(
    service=PreventionMeasureService(),
    filterset=PreventionMeasureFilter,
    table=PreventionMeasureTable,
    namespace="prevention_measures",
    form_fields=("unit", "kind", "started_on", "ended_on", "description"),
    detail_fields=("unit", "kind", "started_on", "ended_on", "description"),
)

#: Mounted at /conduct/ (`conduct/urls.py`): the three record types' pages under their own namespaces.
urlpatterns = [
    path("risk/", include((risk_pages.urls(), "risk_assessments"))),
    path("training/", include((training_pages.urls(), "training_completions"))),
    path("measures/", include((measure_pages.urls(), "prevention_measures"))),
]

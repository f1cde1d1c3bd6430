"""The prevention records' FilterSets (risk assessments, training completions, prevention measures): the API
lists and the list pages read them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import MeasureKind, RiskLevel, TrainingCourse
from .models import PreventionMeasure, RiskAssessment, TrainingCompletion


class RiskAssessmentFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    site = django_filters.UUIDFilter(field_name="site_id", label=_("Site"))
    level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label=_("Risk level"))
    assessed_after = django_filters.DateFilter(
        field_name="assessed_on", lookup_expr="gte", label=_("Assessed on or after")
    )

    class Meta:
        model = RiskAssessment
        fields = ["mission", "site", "level", "assessed_after"]


class TrainingCompletionFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    unit = django_filters.UUIDFilter(field_name="unit_id", label=_("Unit"))
    course = django_filters.ChoiceFilter(choices=TrainingCourse.choices, label=_("Course"))
    as_of_after = django_filters.DateFilter(field_name="as_of", lookup_expr="gte", label=_("As of or after"))

    class Meta:
        model = TrainingCompletion
        fields = ["mission", "unit", "course", "as_of_after"]


class PreventionMeasureFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    unit = django_filters.UUIDFilter(field_name="unit_id", label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=MeasureKind.choices, label=_("Measure"))
    q = django_filters.CharFilter(field_name="description", lookup_expr="icontains", label=_("Description"))

    class Meta:
        model = PreventionMeasure
        fields = ["mission", "unit", "kind", "q"]

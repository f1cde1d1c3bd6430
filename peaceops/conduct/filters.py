"""The conduct cases' FilterSet: the list page and the API list read it. Every filter narrows the cases the
reader may see (`Case.objects.visible_to`); `q` looks in the reference and the summary (which names no one:
the people are sealed in the people section)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import CaseStatus, Category, PersonnelCategory
from .models import Case


class CaseFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    status = django_filters.MultipleChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    personnel_category = django_filters.ChoiceFilter(
        choices=PersonnelCategory.choices, label=_("Personnel category")
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    year = django_filters.NumberFilter(field_name="reported_on", lookup_expr="year", label=_("Year reported"))
    q = django_filters.CharFilter(method="reference_or_summary", label=_("Reference or summary"))

    class Meta:
        model = Case
        fields = ["mission", "status", "personnel_category", "category", "year", "q"]

    def reference_or_summary(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(summary__icontains=value))

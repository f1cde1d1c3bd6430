"""The force registry's FilterSets: the API lists, the list pages and exports read them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import ContingentKind, PersonnelCategory, UnitType
from .models import Contingent, Contribution, Unit


class ContingentFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    country = django_filters.CharFilter(lookup_expr="iexact", label=_("Country (ISO code)"))
    kind = django_filters.ChoiceFilter(choices=ContingentKind.choices, label=_("Kind"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Contingent
        fields = ["mission", "country", "kind", "q"]


class UnitFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    unit_type = django_filters.MultipleChoiceFilter(choices=UnitType.choices, label=_("Type"))
    country = django_filters.CharFilter(field_name="contingent__country", lookup_expr="iexact",
                                        label=_("Country (ISO code)"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Unit
        fields = ["mission", "unit_type", "country", "q"]


class ContributionFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    un_mission = django_filters.CharFilter(lookup_expr="iexact", label=_("UN mission"))
    country = django_filters.CharFilter(lookup_expr="iexact", label=_("Country (ISO code)"))
    year = django_filters.NumberFilter(label=_("Year"))
    personnel_category = django_filters.ChoiceFilter(choices=PersonnelCategory.choices, label=_("Personnel category"))

    class Meta:
        model = Contribution
        fields = ["mission", "un_mission", "country", "year", "personnel_category"]

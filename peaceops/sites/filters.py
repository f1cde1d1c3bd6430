"""The one FilterSet of sites: the API list, the list page and exports read it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import SiteType
from .models import Site


class SiteFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    site_type = django_filters.MultipleChoiceFilter(choices=SiteType.choices, label=_("Type"))
    year = django_filters.NumberFilter(method="in_year", label=_("Deployed in year"))
    q = django_filters.CharFilter(method="text", label=_("Text"))
    classification = django_filters.CharFilter(label=_("Classification"))

    class Meta:
        model = Site
        fields = ["mission", "site_type", "year", "q", "classification"]

    def in_year(self, queryset, name, value):
        return queryset.filter(years__year=value).distinct()

    def text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(location_name__icontains=value))

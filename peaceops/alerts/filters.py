"""The FilterSets of community alerts and focal points: the API lists, the list pages and exports read them."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peaceops.core.current_mission import current_mission
from peaceops.geo.models import AdminArea

from .choices import AlertCategory, AlertChannel, AlertStatus, PriorityBand, Trust
from .models import Alert, FocalPoint


def areas_for(request):
    """The regions and municipalities an alert may be filtered by: those of the current mission on a page (or
    a rule's form), every mission's otherwise (the API names an area by its id)."""
    areas = AdminArea.objects.filter(level__in=(1, 2)).order_by("level", "name")
    mission = current_mission(request) if request is not None and hasattr(request, "session") else None
    return areas.filter(mission=mission) if mission is not None else areas


class AlertFilter(django_filters.FilterSet):
    """Alerts by mission, status, channel, category, priority band, area (region or municipality), words (of the message, the reference or the
    place), when they were received and classification. The reporter's name and phone are personal data and
    are not searched."""

    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    status = django_filters.MultipleChoiceFilter(choices=AlertStatus.choices, label=_("Status"))
    channel = django_filters.MultipleChoiceFilter(choices=AlertChannel.choices, label=_("Channel"))
    category = django_filters.MultipleChoiceFilter(choices=AlertCategory.choices, label=_("Category"))
    priority_band = django_filters.MultipleChoiceFilter(choices=PriorityBand.choices, label=_("Priority band"))
    area = django_filters.ModelChoiceFilter(queryset=lambda request: areas_for(request), method="in_area",
                                            label=_("Area"))
    q = django_filters.CharFilter(method="text", label=_("Text"))
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte",
                                                      label=_("Received after"))
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt",
                                                       label=_("Received before"))
    classification = django_filters.CharFilter(label=_("Classification"))

    class Meta:
        model = Alert
        fields = ["mission", "status", "channel", "category", "priority_band", "area", "q", "received_after",
                  "received_before", "classification"]

    def in_area(self, queryset, name, area):
        """Alerts in a region or municipality (its level 1 or 2 area)."""
        return queryset.filter(Q(admin1=area) | Q(admin2=area))

    def text(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(reference__icontains=value)
                               | Q(location_name__icontains=value) | Q(place_text__icontains=value))


class FocalPointFilter(django_filters.FilterSet):
    """Focal points by mission, words (name or village), trust level, whether active, and classification."""

    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    q = django_filters.CharFilter(method="text", label=_("Text"))
    trust = django_filters.MultipleChoiceFilter(choices=Trust.choices, label=_("Trust level"))
    active = django_filters.BooleanFilter(label=_("Active"))
    classification = django_filters.CharFilter(label=_("Classification"))

    class Meta:
        model = FocalPoint
        fields = ["mission", "q", "trust", "active", "classification"]

    def text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(village__icontains=value))

"""The operations' FilterSets: the API lists, the list pages and exports read them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import PatrolStatus, PatrolType, TimeOfDay
from .models import CheckpointShift, Patrol, PatrolRoute


class PatrolRouteFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = PatrolRoute
        fields = ["mission", "q"]


class PatrolFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    status = django_filters.MultipleChoiceFilter(choices=PatrolStatus.choices, label=_("Status"))
    patrol_type = django_filters.MultipleChoiceFilter(choices=PatrolType.choices, label=_("Type"))
    time_of_day = django_filters.ChoiceFilter(choices=TimeOfDay.choices, label=_("Day or night"))
    joint = django_filters.BooleanFilter(field_name="joint_with", lookup_expr="isnull", exclude=True,
                                         label=_("Joint patrols"))
    since = django_filters.IsoDateTimeFilter(field_name="planned_start", lookup_expr="gte", label=_("From"))
    until = django_filters.IsoDateTimeFilter(field_name="planned_start", lookup_expr="lt", label=_("Until"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Patrol
        fields = ["mission", "status", "patrol_type", "time_of_day", "joint", "since", "until", "q"]


class CheckpointShiftFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(field_name="mission__code", label=_("Mission code"))
    site = django_filters.UUIDFilter(field_name="site_id", label=_("Checkpoint"))
    since = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte", label=_("From"))
    serial = django_filters.CharFilter(field_name="weapons__serial_number", lookup_expr="iexact",
                                       label=_("Seized weapon serial number"), distinct=True)

    class Meta:
        model = CheckpointShift
        fields = ["mission", "site", "since", "serial"]

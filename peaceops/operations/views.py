"""The operations' pages, from the kit's generic pages: patrols, saved routes and checkpoint shifts (list,
detail, form, history)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .checkpoints import shift_context
from .filters import CheckpointShiftFilter, PatrolFilter, PatrolRouteFilter
from .models import CheckpointShift, Patrol, PatrolRoute
from .services import CheckpointShiftService, PatrolRouteService, PatrolService


class PatrolTable(tables.Table):
    name = tables.LinkColumn("patrols:detail", args=[tables.A("pk")], verbose_name=_("Patrol"))

    class Meta:
        model = Patrol
        fields = ("name", "patrol_type", "time_of_day", "status", "planned_start", "joint_with", "classification")


class PatrolRouteTable(tables.Table):
    name = tables.LinkColumn("patrol_routes:detail", args=[tables.A("pk")], verbose_name=_("Route"))

    class Meta:
        model = PatrolRoute
        fields = ("name", "classification")


class CheckpointShiftTable(tables.Table):
    started_at = tables.LinkColumn("checkpoint_shifts:detail", args=[tables.A("pk")])

    class Meta:
        model = CheckpointShift
        fields = ("started_at", "site", "ended_at", "vehicles_checked", "persons_checked", "classification")


patrol_pages = RecordPages(
    service=PatrolService(), filterset=PatrolFilter, table=PatrolTable, namespace="patrols",
    form_fields=("name", "patrol_type", "time_of_day", "joint_with", "route", "planned_start", "planned_end",
                 "summary", "people_met"),
    detail_fields=("patrol_type", "time_of_day", "status", "status_reason", "joint_with", "route", "leader",
                   "planned_start", "planned_end", "started_at", "ended_at", "summary", "people_met", "source_id"))
route_pages = RecordPages(
    service=PatrolRouteService(), filterset=PatrolRouteFilter, table=PatrolRouteTable, namespace="patrol_routes",
    form_fields=("name", "path", "notes"), detail_fields=("name", "notes", "source_id"))
class ShiftPages(RecordPages):
    """A checkpoint shift's pages: its page also shows its checkpoint, duration and the incidents at the
    checkpoint during the shift (`checkpoints.shift_context`); its form edits seizures and weapons."""

    def detail(self, request, pk):
        response = super().detail(request, pk)
        response.context_data.update(shift_context(request.user, response.context_data["record"]))
        return response


shift_pages = ShiftPages(
    service=CheckpointShiftService(), filterset=CheckpointShiftFilter, table=CheckpointShiftTable,
    namespace="checkpoint_shifts", children_forms=True,
    form_fields=("site", "started_at", "ended_at", "vehicles_checked", "persons_checked", "notes"),
    detail_fields=("site", "started_at", "ended_at", "vehicles_checked", "persons_checked", "notes", "source_id"))

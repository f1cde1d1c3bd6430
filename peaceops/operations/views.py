"""The operations' pages, from the kit's generic pages: patrols, saved routes and checkpoint shifts (list,
detail, form, history).

A patrol's form plans it: type, day or night, the partner of a joint patrol (one of the mission's
organisations), a saved route or a route drawn on the map (`path`, JSON [[lon, lat], ...] in a text box that the
map fills; the text box alone works without JavaScript), the units (the mission's units the user sees), the
leader (a member of the mission) and the planned times; "Save as a route" also keeps the drawn line as a saved
route, in the same transaction. The patrols list opens on today's patrols (planned to be out today, or under
way) with a switch to all of them. A patrol's page shows its map (`_patrol_map.html`: planned route dashed, track
solid, observations as points)."""

import datetime as dt

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.views import RecordPages
from peaceops.core.participation import participants
from peaceops.force.models import Unit

from .checkpoints import shift_context
from .choices import PatrolStatus
from .filters import CheckpointShiftFilter, PatrolFilter, PatrolRouteFilter
from .models import CheckpointShift, Patrol, PatrolObservation, PatrolRoute, PatrolTrack
from .services import CheckpointShiftService, PatrolRouteService, PatrolService

#: The list's views: today's patrols (the watch's default) or all of them.
TODAY, ALL = "today", "all"


#: The list's columns left out on a phone (patrols.css).
OPTIONAL = {"th": {"class": "optional"}, "td": {"class": "optional"}}


class PatrolTable(tables.Table):
    patrol_type = tables.Column(attrs=OPTIONAL)
    time_of_day = tables.Column(attrs=OPTIONAL)
    classification = tables.Column(attrs=OPTIONAL)
    name = tables.LinkColumn("patrols:detail", args=[tables.A("pk")], verbose_name=_("Patrol"))
    status = tables.TemplateColumn(
        '<span class="badge patrol-status status-{{ record.status }}">{{ record.get_status_display }}</span>',
        verbose_name=_("Status"))
    planned_start = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("Planned start"))

    class Meta:
        model = Patrol
        fields = ("name", "status", "planned_start", "patrol_type", "time_of_day", "joint_with", "classification")
        attrs = {"class": "patrol-table", "id": "patrol-table"}
        row_attrs = {"data-status": lambda record: record.status}


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


class PatrolPageFilter(PatrolFilter):
    """The patrols list's filters: the API's, by day rather than by instant, and the view (today's patrols, the
    default, or all)."""

    view = django_filters.ChoiceFilter(choices=[(TODAY, _("Today and under way")), (ALL, _("All patrols"))],
                                       method="in_view", label=_("Show"), empty_label=None)
    since = django_filters.DateFilter(field_name="planned_start", lookup_expr="date__gte", label=_("From"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="planned_start", lookup_expr="date__lte", label=_("Until"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    status = django_filters.MultipleChoiceFilter(choices=PatrolStatus.choices, label=_("Status"),
                                                 widget=forms.CheckboxSelectMultiple)

    class Meta(PatrolFilter.Meta):
        fields = ["view", *PatrolFilter.Meta.fields]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("view"):
            data = data.copy()
            data["view"] = TODAY
        super().__init__(data, *args, **kwargs)

    def in_view(self, queryset, name, value):
        """Today's patrols: planned to be out at some time today (the server's day), or under way."""
        if value != TODAY:
            return queryset
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + dt.timedelta(days=1)
        return queryset.filter(Q(status=PatrolStatus.UNDER_WAY) | Q(planned_start__lt=end, planned_end__gte=start))


def mission_members(mission):
    """The active users holding a role in the mission (a patrol's leader is one of them)."""
    return (get_user_model().objects.filter(memberships__mission=mission, is_active=True).distinct()
            .order_by("username"))


class PathInput(forms.Textarea):
    """The route as JSON in a text box: what the map fills, and what a user without JavaScript types."""

    def __init__(self):
        super().__init__(attrs={"rows": 3, "class": "path-input", "spellcheck": "false"})


class PatrolPages(RecordPages):
    """The patrols' pages: the kit's, with the planning form's choices narrowed to the mission, "Save as a
    route", and the map's data on the patrol's page."""

    def _form_class(self, mission, fields=None, user=None):
        base = super()._form_class(mission, fields, user)

        class PatrolForm(base):
            save_as_route = forms.BooleanField(label=_("Save as a route"), required=False,
                                               help_text=_("Also keep the drawn route to pick it again"))
            route_name = forms.CharField(label=_("Route name"), required=False, max_length=200,
                                         help_text=_("The saved route's name (the patrol's when empty)"))

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "leader" in self.fields:
                    self.fields["leader"].queryset = mission_members(mission)
                if "joint_with" in self.fields:
                    self.fields["joint_with"].queryset = participants(mission)
                if "path" in self.fields:
                    self.fields["path"].widget = PathInput()
                for name in ("planned_start", "planned_end"):
                    if name in self.fields:
                        self.fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                       format="%Y-%m-%dT%H:%M")

            def clean_path(self):
                return self.cleaned_data.get("path") or []  # an empty box: no route drawn

        return PatrolForm

    def also_write(self, request, form, record) -> None:
        if not form.cleaned_data.get("save_as_route"):
            return
        if len(record.path) < 2:
            raise FieldError("path", _("must be drawn (two points or more) to be saved as a route"))
        data = {"name": form.cleaned_data.get("route_name") or record.name, "path": record.path,
                "classification": record.classification,
                "releasable_to": sorted(o.code for o in record.released_organisations())}
        try:
            route = PatrolRouteService().create(acting_user=request.user, mission=record.mission, data=data,
                                                reason=_("Saved from the patrol %(name)s") % {"name": record.name})
        except FieldError as error:
            raise FieldError("route_name" if error.field == "name" else error.field, error.template,
                             **error.params) from None
        PatrolService().update(record, acting_user=request.user, changes={"route": route.pk})

    def _render(self, request, page, context, status=200):
        if page == "form":
            routes = context["form"].fields["route"].queryset if "route" in context["form"].fields else []
            context = {**context, **map_context(request),
                       "saved_routes": {str(route.pk): route.path for route in routes}}
        return super()._render(request, page, context, status)

    def detail(self, request, pk):
        response = super().detail(request, pk)
        record = response.context_data["record"]
        response.context_data.update(patrol_map=patrol_map(request.user, record), **map_context(request))
        return response

    def list(self, request):
        response = super().list(request)
        view = response.context_data["filter"].form.data.get("view", TODAY)
        response.context_data.update(view=view, today=view == TODAY)
        return response


class RoutePages(RecordPages):
    """The saved routes' pages: the kit's, with the route drawn on the map in the form and shown on its page."""

    def _form_class(self, mission, fields=None, user=None):
        base = super()._form_class(mission, fields, user)

        class RouteForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["path"].widget = PathInput()

        return RouteForm

    def _render(self, request, page, context, status=200):
        if page in ("form", "detail"):
            context = {**context, **map_context(request)}
        if page == "detail":
            context["route_map"] = {"path": context["record"].path, "track": [], "observations": []}
        return super()._render(request, page, context, status)


def map_context(request) -> dict:
    """What the map of a patrol page needs: the mission's areas (the geo API) for the base map."""
    from peaceops.core.current_mission import current_mission

    mission = current_mission(request)
    areas = f"{reverse('api-v1:admin_areas')}?mission={mission.code}&simplify=0.002" if mission else ""
    return {"areas_url": areas}


def patrol_map(user, patrol) -> dict:
    """The patrol page's map and header: planned route, simplified track, observations with a position, the
    units (those the user sees), leader and joint partner."""
    track = PatrolTrack.objects.filter(patrol=patrol).values_list("line", flat=True).first() or []
    observations = [{"lon": o.lon, "lat": o.lat, "text": o.text[:200], "at": o.observed_at.isoformat()}
                    for o in PatrolObservation.objects.filter(patrol=patrol, lon__isnull=False, lat__isnull=False)]
    unit_ids = list(patrol.units.values_list("unit_id", flat=True))
    units = list(Unit.objects.visible_to(user).filter(pk__in=unit_ids).order_by("name"))
    return {"data": {"path": patrol.path or [], "track": track, "observations": observations},
            "units": units, "hidden_units": len(unit_ids) - len(units)}


patrol_pages = PatrolPages(
    service=PatrolService(), filterset=PatrolPageFilter, table=PatrolTable, namespace="patrols",
    form_fields=("name", "patrol_type", "time_of_day", "joint_with", "route", "path", "leader", "planned_start",
                 "planned_end", "summary", "people_met"),
    child_choices={"units": "unit"}, children_forms=("restrictions",),
    detail_fields=("patrol_type", "time_of_day", "status", "status_reason", "joint_with", "route", "leader",
                   "planned_start", "planned_end", "started_at", "ended_at", "summary", "people_met", "source_id"))
route_pages = RoutePages(
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

"""The COP page and its data endpoints: hexagons, points, histogram (JSON), the incident list (HTML partial)
and the risk layer (the latest stored risk forecast run the user may read, as GeoJSON; risk.py).

Every endpoint reads the current mission's incidents through `visible_to(request.user)` and the shared
incident filters, taken from the query string. A filter that cannot be understood answers 400 naming it.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from peaceops.core.choices import Classification
from peaceops.incidents.choices import IncidentStatus
from peaceops.incidents.filters import FilterError
from peaceops.incidents.formats.exporters import FORMATS
from peaceops.ledger.services import record_sensitive_list
from peaceops.web.mission import current_mission

from . import data, risk
from .feed import latest_entry_id
from .layers import cop_layers
from .legend import category_styles
from .page import admin_area_choices, category_choices, mission_extent
from .params import TIME_KEYS, filter_params, resolution_for_zoom, zoom_of
from .strings import script_strings
from .tables import PAGE_SIZE, CappedPaginator, IncidentTable, table_queryset

#: The export formats as the list's Export form names them (docs/formats.md).
EXPORT_LABELS = {"csv": "PeaceOps CSV", "geojson": "GeoJSON", "hxl": "HXL", "ucdp-ged": "UCDP GED"}


def _language() -> str:
    return get_language() or "en"


def _bad_filter(error: FilterError) -> JsonResponse:
    return JsonResponse({"field": error.field, "message": error.sentence()}, status=400)


def _empty(mode: str) -> dict:
    return {"type": "FeatureCollection", "mode": mode, "count": 0, "features": []}


@login_required
@require_GET
def cop(request):
    """The common operational picture of the current mission: map, filters, histogram and list."""
    mission = current_mission(request)
    context = {"mission": mission, "filters": filter_params(request.GET, without=("bbox",))}
    if mission is not None:
        language = _language()
        context.update(
            categories=category_choices(mission, language),
            areas=admin_area_choices(mission, language),
            statuses=IncidentStatus.choices,
            classifications=Classification.choices,
            extent=mission_extent(mission),
            live_since=latest_entry_id(),
            admin_areas_url=f"{reverse('api-v1:admin_areas')}?mission={mission.code}&simplify=0.002",
            language=language,
            strings=script_strings(),
            risk_levels=risk.readable_levels(mission, request.user),
            record_layers=cop_layers(request.user, mission),
        )
        context.update(_list_context(request, mission))
    return render(request, "cop/cop.html", context)


def _list_context(request, mission) -> dict:
    """The incident table for the query string, or the filter error to show instead."""
    try:
        queryset = data.cop_incidents(request.user, mission, request.GET)
        table = IncidentTable(table_queryset(queryset), language=_language())
        RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": CappedPaginator}).configure(table)
        table.paginator.count  # noqa: B018 - evaluates the count now, so a bad filter is caught here
    except FilterError as error:
        return {"table": None, "filter_error": error}
    record_sensitive_list(request.user, ((row.record.pk, row.record.mission_id, row.record.classification)
                                         for row in table.page.object_list), via="cop-list")
    return {"table": table, "filter_error": None, "export_params": filter_params(request.GET),
            "export_formats": [(f, EXPORT_LABELS.get(f, f)) for f in FORMATS]}


@login_required
@require_GET
def incident_list(request):
    """The incident list partial (htmx): the incidents in the map view matching the filters."""
    mission = current_mission(request)
    context = _list_context(request, mission) if mission else {"table": None, "filter_error": None}
    status = 400 if context.get("filter_error") else 200
    return render(request, "cop/_list.html", context, status=status)


@login_required
@require_GET
def hexes(request):
    """Incident counts per H3 hexagon in the view, as GeoJSON polygons (`zoom` picks the resolution)."""
    mission = current_mission(request)
    if mission is None:
        return JsonResponse(_empty("hexagons"))
    try:
        queryset = data.cop_incidents(request.user, mission, request.GET)
        view = data.MapView.of(request.user, mission, request.GET)
        return JsonResponse(data.hexagons(queryset, resolution_for_zoom(zoom_of(request.GET)), view))
    except FilterError as error:
        return _bad_filter(error)


@login_required
@require_GET
def points(request):
    """The incidents in the view as GeoJSON points, or `overflow: true` when there are too many to draw."""
    mission = current_mission(request)
    if mission is None:
        return JsonResponse(_empty("points"))
    try:
        queryset = data.cop_incidents(request.user, mission, request.GET)
        found = data.points(queryset, category_styles(mission, _language()))
        record_sensitive_list(request.user, ((f["id"], mission.pk, f["properties"]["classification"])
                                             for f in found["features"]), via="cop-points")
        return JsonResponse(found)
    except FilterError as error:
        return _bad_filter(error)


@login_required
@require_GET
def histogram(request):
    """Incident counts over time in the view, for every filter but the time window itself."""
    mission = current_mission(request)
    if mission is None:
        return JsonResponse({"by": "day", "buckets": [], "total": 0})
    try:
        queryset = data.cop_incidents(request.user, mission, request.GET, without=TIME_KEYS)
        view = data.MapView.of(request.user, mission, request.GET, without=TIME_KEYS)
        return JsonResponse(data.histogram(queryset, view))
    except FilterError as error:
        return _bad_filter(error)



@login_required
@require_GET
def risk_layer(request):
    """The risk forecast of the current mission at `level` for `horizon` months ahead, one GeoJSON feature per
    unit, from the latest run the user may read (none: an empty collection with a message)."""
    mission = current_mission(request)
    try:
        query = risk.RiskQuery.of(request.GET)
    except FilterError as error:
        return _bad_filter(error)
    if mission is None:
        return JsonResponse({"type": "FeatureCollection", "level": query.level, "horizon": query.horizon,
                             "count": 0, "features": [], "message": risk.NO_RUN})
    return JsonResponse(risk.risk_layer(mission, request.user, query))

"""The public pages of community alerts (mounted at /report/ by peaceops.urls, app "alerts_public"): a
community member without an account tells the mission what is happening, gets a reference code, and later
reads the report's status with it (docs/user/public-page.md).

For a cheap phone on a thin link: no sign-in, no JavaScript needed (the place is found by name on the
server; the small map is an extra when JavaScript runs, its library fetched only when asked), one small
stylesheet, nothing cached on the way (`never_cache`). The interface is in the page's language, chosen by the
links on every page (`?lang=`, kept by the form; on the form, its language buttons, which keep what was typed),
else the browser's; the report is stored with it. What the public forms share (language, frame, CSRF without a
session, the address hash, the robots' field, the signed receipt) is `peaceops.core.public`.

- `report(request, mission_code=None)`: the form (GET) and its buttons (POST): a language answers the form
  again in that language; "Find" answers the form again with the places matching the typed name; "Send"
  stores the alert through `AlertService.receive` and `intake.received`, then shows the receipt. Bad input:
  the form again, errors on their fields, nothing lost. A robot filling the hidden `website` field stores
  nothing. Over the address's hourly share: 429.
- `sent(request)`: the receipt, reached only through the signed link the form redirects to.
- `status_lookup(request)` and `status(request, reference)`: the status in public words
  (`public_status.public_status`) and nothing else; every look-up counts against the address's share.
- `areas(request, mission_code)`: the mission's municipal boundaries (simplified GeoJSON) for the small map.
"""

import hashlib
import json
import logging

import shapely
from django.db.models import Max, Min
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Mission
from peaceops.core.public import (
    csrf_refused,
    mission_of,
    page,
    public_page,
    receipt_redirect,
    receipt_reference,
    switched,
    with_language,
)
from peaceops.geo.models import AdminArea

from . import intake
from .models import Alert
from .public_forms import PLACE_MAP, PublicReportForm, alert_data, found_places
from .public_limits import may_look_up, may_report
from .public_status import public_status
from .services import AlertService, normal_reference, settings_for

logger = logging.getLogger(__name__)

#: The receipt's signed link works `core.public.RECEIPT_MAX_AGE` (the reference itself works for ever on the
#: status page).
_RECEIPT_SALT = "peaceops.alerts.public.receipt"
#: Simplification of the boundaries drawn on the small map (degrees: about 200 m).
MAP_SIMPLIFY = 0.002


# --- the form ----------------------------------------------------------------------------------------------------
@csrf_exempt  # checked by the view itself (`csrf_refused`), never skipped
@public_page
@require_http_methods(["GET", "POST"])
def report(request, mission_code: str | None = None):
    """The report form of a mission (the only one, or the one in the URL); a list of missions when several."""
    mission, missions = mission_of(mission_code)
    if mission is None:
        if mission_code is not None:
            return page(request, "alerts/public/missions.html", {"missions": missions, "unknown": mission_code},
                        status=404)
        return page(request, "alerts/public/missions.html", {"missions": missions})
    if request.method != "POST":
        return _form_page(request, mission, PublicReportForm(mission=mission))
    form = PublicReportForm(request.POST, mission=mission)
    if switched(request):  # a language button: the same form in the new language, nothing stored
        return _form_page(request, mission, form, show_errors=False)
    if csrf_refused(request):
        return _form_page(request, mission, form, status=403, show_errors=False, problem=_(
            "The page was open too long, so its security check no longer matches, and your report has NOT been "
            "sent yet. What you typed is kept below: please press “Send” again."))
    if request.POST.get("action") == "find":
        return _form_page(request, mission, form, show_errors=False, searched=True)
    if form.is_trapped:
        return _form_page(request, mission, form, status=400, problem=_(
            "Your report could not be sent. Please check it and press “Send” again."))
    if not form.is_valid():
        return _form_page(request, mission, form, status=400)
    alert_settings = settings_for(mission)
    if not may_report(request, mission, alert_settings.public_reports_per_hour):
        return _form_page(request, mission, form, status=429, limited=True)
    try:
        alert = AlertService().receive(mission, alert_data(form, mission, request.public_language))
    except FieldError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
            return _form_page(request, mission, form, status=400)
        logger.error("a public report to %s could not be stored: %s", mission.code, error)
        return _form_page(request, mission, form, status=503, show_errors=False, problem=_(
            "This mission cannot receive reports on this page at the moment, and your report has NOT been sent. "
            "Please send it by SMS or give it to a community liaison assistant."))
    intake.received(alert)
    return receipt_redirect(reverse("alerts_public:sent"), request, alert.reference, _RECEIPT_SALT)


def _form_page(request, mission, form, *, status: int = 200, show_errors: bool = True, searched: bool = False,
               limited: bool = False, problem: str = ""):
    """The form with what the visitor typed, the places found for the typed name, and the errors."""
    data = form.data if form.is_bound else {}
    query = str(data.get("place_query", "")).strip()[:200]
    chosen = str(data.get("place", ""))
    places = []
    if query and (searched or chosen.startswith(("gazetteer:", "area:"))):
        places = [(f"{hit.source}:{hit.id}", hit) for hit in found_places(query, mission, request.public_language)]
    if searched and places and chosen not in {value for value, _hit in places} and chosen != PLACE_MAP:
        chosen = places[0][0]  # the best match, ready to send
    alert_settings = settings_for(mission)
    one_mission = Mission.objects.count() == 1
    action = reverse("alerts_public:report") if one_mission else reverse("alerts_public:mission",
                                                                          args=[mission.code])
    return page(request, "alerts/public/report.html", {
        "mission": mission, "form": form, "show_errors": show_errors and form.is_bound, "searched": searched,
        "query": query, "places": places, "chosen": chosen, "limited": limited, "problem": problem,
        "action": action, "coarsening_km": round(alert_settings.anonymous_coarsening_m / 1000, 1),
        "per_hour": alert_settings.public_reports_per_hour,
        "map": _map_settings(mission),
    }, status=status, switch_form="report-form")


def _map_settings(mission) -> dict | None:
    """Where the small map starts (the mission's boundaries' box) and where its boundaries come from."""
    box = AdminArea.objects.filter(mission=mission).aggregate(Min("min_lon"), Min("min_lat"), Max("max_lon"),
                                                              Max("max_lat"))
    if box["min_lon__min"] is None:
        return None
    return {"bbox": ",".join(str(round(box[k], 4)) for k in ("min_lon__min", "min_lat__min", "max_lon__max",
                                                              "max_lat__max")),
            "areas_url": reverse("alerts_public:areas", args=[mission.code])}


# --- the receipt -------------------------------------------------------------------------------------------------
@public_page
@require_GET
def sent(request):
    """The receipt: the reference code, large, what happens next, and the way to the status page."""
    reference = receipt_reference(request, _RECEIPT_SALT)
    alerts = Alert.objects.filter(reference=reference).only("reference", "anonymous", "reporter_phone")
    alert = alerts.first() if reference else None
    if alert is None:
        return redirect(with_language(reverse("alerts_public:status-lookup"), request))
    return page(request, "alerts/public/sent.html", {
        "reference": alert.reference, "anonymous": alert.anonymous, "by_sms": bool(alert.reporter_phone),
        "status_url": with_language(reverse("alerts_public:status", args=[alert.reference]), request),
        "report_url": with_language(reverse("alerts_public:report"), request),
    })


# --- the status ----------------------------------------------------------------------------------------------------
@public_page
@require_GET
def status_lookup(request):
    """A form for the reference code (any case, with or without the dash); its answer goes to the status."""
    code = request.GET.get("code", "").strip()[:40]
    if code:
        reference = normal_reference(code)
        if len(reference) == 7 and reference[3] == "-" and reference.replace("-", "").isalnum():
            return redirect(with_language(reverse("alerts_public:status", args=[reference]), request))
        return page(request, "alerts/public/status_lookup.html", {"code": code, "malformed": True}, status=404)
    return page(request, "alerts/public/status_lookup.html", {"code": ""})


@public_page
@require_GET
def status(request, reference: str):
    """The status of the report with this reference, in public words and nothing else; 404 for an unknown code,
    429 when the address has looked up too many codes this hour."""
    reference = normal_reference(reference)[:12]
    if not may_look_up(request):
        return page(request, "alerts/public/status.html", {"code": reference, "limited": True}, status=429)
    alert = Alert.objects.filter(reference=reference).only("status", "misconduct", "status_changed_at",
                                                           "received_at").first()
    if alert is None:
        return page(request, "alerts/public/status.html", {"code": reference, "unknown": True}, status=404)
    return page(request, "alerts/public/status.html", {"code": reference, "status": public_status(alert)})


# --- the small map's boundaries ------------------------------------------------------------------------------
@require_GET
def areas(request, mission_code: str):
    """The mission's regions and municipalities (levels 1 and 2) as simplified GeoJSON outlines with their
    names: public boundaries, for orientation on the report form's map."""
    mission, _missions = mission_of(mission_code)
    if mission is None:
        return HttpResponse(status=404)
    features = []
    for area in AdminArea.objects.filter(mission=mission, level__in=(1, 2)).order_by("level", "pk").iterator():
        geometry = shapely.from_geojson(area.geometry).simplify(MAP_SIMPLIFY, preserve_topology=True)
        features.append({"type": "Feature", "id": area.pk, "properties": {"level": area.level},
                         "geometry": json.loads(shapely.to_geojson(geometry, indent=None))})
    body = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    response["Cache-Control"] = "public, max-age=86400"
    return response

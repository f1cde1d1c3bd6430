"""Incident pages, on the kit's generic pages (`core.kit.views.RecordPages`): the detail page, the report and edit
forms, and the two htmx partials the form uses (the duplicate hint and the gazetteer search).

`IncidentPages` keeps the kit's URL names and template lookup (`incidents/incident_<page>.html`) and serves the
pages that fit incidents: their list is the COP and their history is on their page. The report and edit forms
take photos (`photos`, several files), attached through the service in the same transaction as the report: a
photo refused leaves nothing written and shows the form again with its error and everything typed. The kit
serves the photos (`incidents:attachment`, `incidents:attachment_thumbnail`, `incidents:attachment_remove`).
Every read starts from
`Incident.objects.visible_to(user)` (an incident the user may not see answers 404, exactly like one that does not
exist); every write goes through the incident services.
"""

import datetime as dt
import math
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission, may_work_in
from peaceops.core.dates import in_range
from peaceops.core.kit.attachments import max_bytes, per_record
from peaceops.core.kit.conflict_views import after_edit
from peaceops.core.kit.conflicts import edit_base_fields, read_base, save_edit
from peaceops.core.kit.idempotency import once, sent_before
from peaceops.core.kit.views import RecordPages, already_received
from peaceops.core.models import Mission
from peaceops.core.services import PermissionDenied as ServicePermissionDenied
from peaceops.geo.search import find_places, nearest_place
from peaceops.ledger.services import record_if_sensitive, record_sensitive_list
from peaceops.partners.redaction import Reader
from peaceops.partners.views import release_scope_choices

from .conflicts import INCIDENT_EDITS
from .display import category_name, grading_label, incident_history
from .duplicates import likely_duplicates
from .forms import IncidentForms
from .inputs import IncidentDataError
from .models import Category, Incident, IncidentActor, releases_in_force_prefetch
from .redaction import redact_page
from .services import IncidentService, create_incident, incident_to_data
from .versions import record_history_view

#: Fields of IncidentData the form edits (the rest — ids from other sources, reported time — are kept).
FORM_FIELDS = ("title", "description", "occurred_start", "occurred_end", "time_precision", "lon", "lat",
               "location_precision", "location_name", "category_path", "status", "classification",
               "releasable_to", "casualties", "actors", "sources")

#: The form's file input of photos (several files): attached to the incident through the service.
PHOTOS = "photos"

#: How near in space and time an incident must be to be shown as a possible duplicate of a report.
DUPLICATE_KM, DUPLICATE_HOURS = 5, 12


def _incident_for_page(request, pk):
    """The incident with everything its page shows, or 404 if the user may not see it."""
    incidents = (
        Incident.objects.visible_to(request.user)
        .select_related("mission", "owner", "category", "admin1", "admin2", "created_by")
        .prefetch_related(
            releases_in_force_prefetch(), "casualties",
            Prefetch("actor_links", queryset=IncidentActor.objects.select_related("actor").order_by("role", "pk")),
            "sources",
        )
    )
    return get_object_or_404(incidents, pk=pk)


class IncidentPages(RecordPages):
    """The incident pages the kit serves: detail, report form and edit form (see the module docstring)."""

    pages = ("create", "detail", "edit")

    def extra_urls(self) -> list:
        return [path("duplicates/", duplicates, name="duplicates"), path("places/", places, name="places"),
                path("places/nearest/", nearest_place_name, name="nearest-place")]

    def _record(self, request, pk):
        return _incident_for_page(request, pk)

    def detail(self, request, pk):
        return require_GET(_detail)(request, pk, pages=self)

    def create(self, request):
        return _create(request, pages=self)

    def edit(self, request, pk):
        return _edit(request, pk, pages=self)


def _detail(request, pk, *, pages):
    """Everything known about one incident, its sources' grading, its map inset and its history."""
    incident = pages._record(request, pk)
    recorded = record_if_sensitive(request.user, incident, via="page")
    language = get_language() or "en"
    sources = sorted(incident.sources.all(), key=lambda s: s.pk)
    actor_links = list(incident.actor_links.all())
    withheld = Reader.of_user(request.user).withholds(incident)
    if withheld:
        sources, actor_links = redact_page(sources, actor_links)
    can_edit = access_profile(request.user).can_edit(incident.mission_id, incident.owner_id)
    history = incident_history(incident, request.user, redacted=withheld)
    if recorded is None:  # a record no longer STRICTLY CONFIDENTIAL whose history may still show such versions
        record_history_view(request.user, incident, [item.entry for item in history], str(incident.pk), via="page")
    context = {
        "incident": incident,
        "category_label": category_name(incident.category),
        "admin_areas": [a.name_in(language) for a in (incident.admin1, incident.admin2) if a is not None],
        "sources": [(s, grading_label(s.reliability, s.credibility)) for s in sources],
        "casualties": sorted(incident.casualties.all(), key=lambda c: c.group),
        "actor_links": actor_links,
        "withheld": withheld,
        "releasability": incident.releasability_label(translated=True),
        "history": history,
        "can_edit": can_edit,
        **pages.attachments_context(request, incident, can_edit),
        "release_scopes": release_scope_choices(incident) if can_edit else [],
        **_share_panel(request.user, incident),
        "map": _map_config(incident.mission, incident.lon, incident.lat, incident.location_precision,
                           incident.admin2_id if incident.location_precision == "admin2" else incident.admin1_id),
    }
    return pages._render(request, "detail", context)


def _share_panel(user, incident) -> dict:
    from peaceops.sharing.views import share_panel  # the Share control (sharing app)

    return share_panel(user, incident)


def _map_config(mission, lon, lat, precision, area_id=None) -> dict:
    """What the map script reads from the map element's data attributes."""
    return {
        "areas_url": reverse("api-v1:admin_areas")
        + f"?mission={mission.code}&level={1 if precision == 'admin1' else 2}&simplify=0.002",
        "lon": "" if lon is None else lon, "lat": "" if lat is None else lat,
        "precision": precision or "", "area_id": area_id or "", "mission": mission.code,
    }


def _reporting_mission(request) -> Mission:
    mission = current_mission(request)
    if mission is None or not access_profile(request.user).can_report(mission.pk):
        raise PermissionDenied(_("You may not report incidents in this mission."))
    return mission


def _create(request, *, pages):
    """The report form; a valid report is written by `create_incident` and opens the new incident's page."""
    mission = _reporting_mission(request)
    key, earlier = sent_before(request, Incident)
    if earlier is not None:
        return already_received(request, reverse("incidents:detail", args=[earlier.record_id]))
    forms = IncidentForms(request.POST if request.method == "POST" else None, mission=mission)
    photo_error = None
    if request.method == "POST" and forms.is_valid():
        try:
            data = forms.to_data()
            data.validate()

            def report():  # one transaction with the key: a photo refused, no incident either
                created = create_incident(acting_user=request.user, mission=mission, data=data)
                pages.service.attach(created, request.FILES.getlist(PHOTOS), acting_user=request.user, field=PHOTOS)
                return created

            incident = once(request.user, key, Incident, report)
        except IncidentDataError as error:
            photo_error = _photo_error(forms, error)
        except ServicePermissionDenied as denied:
            raise PermissionDenied(denied.message) from denied
        else:
            if incident.repeat:  # the same report, sent at the same moment from another tab or a retry
                return already_received(request, reverse("incidents:detail", args=[incident.record_id]))
            messages.success(request, _("Incident reported."))
            return redirect("incidents:detail", pk=incident.record_id)
    return _form_page(request, forms, mission, incident=None, pages=pages, photo_error=photo_error)


def _edit(request, pk, *, pages):
    """The edit form; a valid change is written by `update_incident` with the reason given, through the kit's
    `save_edit`: an edit of an incident changed meanwhile is merged, or becomes an edit conflict."""
    incident = pages._record(request, pk)
    if not access_profile(request.user).can_edit(incident.mission_id, incident.owner_id):
        raise PermissionDenied(_("You may not edit this incident."))
    record_if_sensitive(request.user, incident, via="edit-page")
    key, earlier = sent_before(request, Incident)
    if earlier is not None:
        return already_received(request, reverse("incidents:detail", args=[earlier.record_id]), incident)
    current = incident_to_data(incident)
    forms = IncidentForms(request.POST if request.method == "POST" else None, mission=incident.mission,
                          initial=current, editing=True)
    photo_error = None
    if request.method == "POST" and forms.is_valid():
        try:
            data = forms.to_data()
            data.validate()
            changes = {name: getattr(data, name) for name in FORM_FIELDS}
            if data.casualties or incident.casualties.exists():
                # Totals follow the casualty groups; an incident imported with totals only keeps them.
                changes.update(fatalities_low=None, fatalities_best=None, fatalities_high=None)
            outcomes = []

            def change():  # one transaction with the key: a photo refused, the change is not written either
                outcome = save_edit(INCIDENT_EDITS, incident, acting_user=request.user, changes=changes,
                                    reason=forms.reason_text, base=read_base(request.POST, incident),
                                    always=("fatalities_low", "fatalities_best", "fatalities_high"))
                # Photos only add (nothing to merge): kept with a written, merged or conflicting edit alike.
                pages.service.attach(outcome.record, request.FILES.getlist(PHOTOS), acting_user=request.user,
                                     field=PHOTOS, reason=forms.reason_text)
                outcomes.append(outcome)
                return incident

            submitted = once(request.user, key, Incident, change)
        except IncidentDataError as error:
            photo_error = _photo_error(forms, error)
        except ServicePermissionDenied as denied:
            raise PermissionDenied(denied.message) from denied
        else:
            detail_url = reverse("incidents:detail", args=[incident.pk])
            if submitted.repeat:  # the same edit, sent at the same moment from another tab or a retry
                return already_received(request, detail_url, incident)
            return after_edit(request, outcomes[0], written=_("Incident updated."), detail_url=detail_url)
    edit_base = edit_base_fields(request.POST, INCIDENT_EDITS, incident,
                                 {name: getattr(current, name) for name in INCIDENT_EDITS.names})
    return _form_page(request, forms, incident.mission, incident=incident, pages=pages, edit_base=edit_base,
                      photo_error=photo_error)


def _photo_error(forms, error) -> str | None:
    """A refused photo's message (shown at the photos input), or None when the error is the report's own (shown
    at its field)."""
    if error.field == PHOTOS:
        return error.message
    forms.add_domain_error(error)
    return None


def _form_page(request, forms, mission, incident, *, pages, edit_base=None, photo_error=None):
    form = forms.incident
    lon, lat = form["lon"].value(), form["lat"].value()
    context = {
        "forms": forms, "form": form, "mission": mission, "incident": incident, "edit_base": edit_base,
        "map": _map_config(mission, lon, lat, form["location_precision"].value()),
        # A page shown again cannot keep the files chosen: the officer is asked to choose them again.
        "photo_error": photo_error, "photos_dropped": bool(request.FILES.getlist(PHOTOS)),
        "photo_limits": {"megabytes": max_bytes() // (1024 * 1024), "count": per_record()},
    }
    return pages._render(request, "form", context)


def _uuid(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _datetime(value):
    """A date-time typed in the form, or None (not one, or outside the supported dates: nothing to compare)."""
    try:
        parsed = parse_datetime(value or "")
    except ValueError:  # well-formed but impossible, e.g. month 13
        return None
    return parsed if parsed is not None and in_range(parsed) else None


@login_required
@require_GET
def duplicates(request):
    """htmx partial: incidents that may already report what is being entered (same category, near, close in
    time), among those the user may see."""
    mission_id = request.GET.get("mission")
    lon, lat = _float(request.GET.get("lon")), _float(request.GET.get("lat"))
    when = _datetime(request.GET.get("occurred_start"))
    context = {"found": None}
    if may_work_in(request.user, mission_id) and lon is not None and lat is not None and when is not None:
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        mission = Mission.objects.get(pk=int(mission_id))
        path = request.GET.get("category") or ""
        category = Category.objects.filter(mission=mission, path=path).first() if path else None
        found = likely_duplicates(request.user, mission, lon, lat, when, category, km=DUPLICATE_KM,
                                  hours=DUPLICATE_HOURS, exclude_id=_uuid(request.GET.get("exclude")))
        record_sensitive_list(request.user, ((d.incident.pk, mission.pk, d.incident.classification) for d in found),
                              via="duplicates")
        context = {"found": found, "category_label": category_name(category)}
    context.update(km=DUPLICATE_KM, hours=DUPLICATE_HOURS)
    return render(request, "incidents/_duplicates.html", context)


@login_required
@require_GET
def places(request):
    """htmx partial: places matching a name typed in any language or script — the gazetteer, the user's
    missions' admin areas and named places (`geo.search.find_places`) — nearest to the picked point first
    among equals; each with its name in the reader's language, the name that matched, its kind in words and
    its municipality."""
    query = (request.GET.get("place_q") or "").strip()[:200]
    lon, lat = _float(request.GET.get("lon")), _float(request.GET.get("lat"))
    near = (lon, lat) if lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90 else None
    missions = sorted(access_profile(request.user).missions)
    found = find_places(query, user=request.user, missions=missions, near=near, limit=10,
                        language=(get_language() or "en").lower()) if query else []
    return render(request, "incidents/_places.html", {"query": query, "results": found})


@login_required
@require_GET
def nearest_place_name(request):
    """htmx partial: the known place nearest the point picked on the map (a named place of the user's missions
    or a populated place of the gazetteer), offered as the report's place name."""
    lon, lat = _float(request.GET.get("lon")), _float(request.GET.get("lat"))
    hit = None
    if lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90:
        hit = nearest_place(lon, lat, user=request.user, missions=sorted(access_profile(request.user).missions),
                            language=(get_language() or "en").lower())
    return render(request, "incidents/_nearest.html", {"hit": hit})


pages = IncidentPages(service=IncidentService(), model=Incident, namespace="incidents")

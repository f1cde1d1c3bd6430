"""What a watch officer does with an alert: verify it into a new incident, link it to an incident it corroborates,
dismiss it with a reason, or mark it as a misconduct allegation; and the misconduct queue.

- `verify` (`/alerts/<id>/verify/`): the incident report form (`incidents.forms.IncidentForms`, the report page's
  own template) prefilled from the alert — place, position and precision, time received as the start, the text
  as the description, the category where the alert's suggestion is in the mission's taxonomy — with the alert's
  grading as a source. On save, in one transaction: the incident (`create_incident`, photos included), the alert
  verified (`AlertService.verify`) and linked as a source of the incident with its grading (`core.kit.links`).
- `link` (`/alerts/<id>/link/`): the duplicate hints (`hints.duplicate_hints`) with their reasons; choosing one
  (or typing an incident's id) verifies the alert and links it as a source, graded, in one transaction. Several
  alerts may corroborate one incident.
- `dismiss` (`/alerts/<id>/dismiss/`): duplicate, hoax, outside the mandate, or other with a note.
- `misconduct` (`/alerts/<id>/misconduct/`): a reason and a confirmation; the alert then leaves every ordinary
  view and is assigned to those who receive allegations (`AlertService.mark_misconduct`).
- `misconduct_queue` (`/alerts/misconduct/`): the misconduct alerts the reader sees (`visible_to`: those assigned,
  or breaking glass), for any signed-in user (an empty list for everyone else).

Every action page reads the alert through `Alert.objects.visible_to(user)` (404 otherwise, as for an alert that
does not exist) and needs `alerts.alert.triage` in its mission (403, in the reader's language). Forms keep what
was typed and show each error on its field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService
from peaceops.core.access import access_profile
from peaceops.core.kit.attachments import max_bytes, per_record
from peaceops.core.kit.errors import FieldError, show_on_form
from peaceops.core.kit.idempotency import once, sent_before
from peaceops.core.kit.links import link
from peaceops.core.kit.views import already_received
from peaceops.core.services import PermissionDenied as ServicePermissionDenied
from peaceops.incidents.choices import TimePrecision
from peaceops.incidents.forms import IncidentForms
from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.models import Category, Incident
from peaceops.incidents.services import IncidentService, create_incident
from peaceops.incidents.views import _map_config

from .forms import DismissForm, GradingForm, LinkForm, MisconductForm, grading_for
from .hints import HOURS, KM, duplicate_hints

#: The report form's file input of photos (as on the incident report page).
PHOTOS = "photos"
#: The most allegations the queue lists.
QUEUE_LENGTH = 200
#: How long a prefilled title may be.
TITLE_LENGTH = 80


def _alert(request, pk) -> Alert:
    """The alert, if the user sees it (else 404) and may triage it (else 403)."""
    alert = get_object_or_404(Alert.objects.visible_to(request.user).select_related("mission"), pk=pk)
    if not AlertService().may_triage(request.user, alert):
        raise PermissionDenied(_("You may not triage community alerts in this mission."))
    return alert


def _refused(denied: ServicePermissionDenied):
    return PermissionDenied(str(denied.message))


def _title(alert) -> str:
    first = " ".join(alert.text.split())
    if len(first) > TITLE_LENGTH:
        first = first[:TITLE_LENGTH - 1].rstrip() + "…"
    return first or _("Community alert %(reference)s") % {"reference": alert.reference}


def prefilled(alert) -> IncidentData:
    """The report the alert suggests: its place and position, its time received as the start, its text as the
    description, its category when the mission's taxonomy has it; as classified as the alert."""
    known = alert.incident_category and Category.objects.filter(mission_id=alert.mission_id,
                                                                path=alert.incident_category).exists()
    return IncidentData(
        title=_title(alert), description=alert.text, occurred_start=alert.received_at.replace(microsecond=0),
        time_precision=TimePrecision.HOUR, lon=alert.lon, lat=alert.lat,
        location_precision=alert.location_precision, location_name=alert.location_name or alert.place_text,
        category_path=alert.incident_category if known else "", classification=alert.classification)


def _verified(alert, incident, *, acting_user, grading: dict, how: str) -> None:
    """The alert verified and linked to the incident as its source, graded (inside the caller's transaction)."""
    AlertService().verify(alert, acting_user=acting_user, reason=how)
    link(alert, incident, kind="source", acting_user=acting_user, reliability=grading["reliability"],
         credibility=grading["credibility"], reason=how)


def _show(error: FieldError, grading, forms=None) -> None:
    """A refused field: on the grading form when it names a grading field, else on the report."""
    if error.field in grading.fields or forms is None:
        show_on_form(grading, error)
    else:
        forms.add_domain_error(error)


@login_required
def verify(request, pk):
    """Verify the alert into a new incident (see the module docstring)."""
    alert = _alert(request, pk)
    mission = alert.mission
    if not access_profile(request.user).can_report(mission.pk):
        raise PermissionDenied(_("You may not report incidents in this mission."))
    key, earlier = sent_before(request, Incident)
    if earlier is not None:
        return already_received(request, reverse("incidents:detail", args=[earlier.record_id]))
    post = request.POST if request.method == "POST" else None
    forms = IncidentForms(post, mission=mission, initial=prefilled(alert))
    grading = GradingForm(post, initial=grading_for(alert), prefix="alert")
    if post is not None and all([forms.is_valid(), grading.is_valid()]):
        try:
            data = forms.to_data()
            data.validate()

            def write():
                incident = create_incident(acting_user=request.user, mission=mission, data=data)
                IncidentService().attach(incident, request.FILES.getlist(PHOTOS), acting_user=request.user,
                                         field=PHOTOS)
                _verified(alert, incident, acting_user=request.user, grading=grading.cleaned_data,
                          how=_("verified into a new incident"))
                return incident

            written = once(request.user, key, Incident, write)
        except FieldError as error:
            _show(error, grading, forms)
        except ServicePermissionDenied as denied:
            raise _refused(denied) from denied
        else:
            if written.repeat:
                return already_received(request, reverse("incidents:detail", args=[written.record_id]))
            messages.success(request, _("Alert %(reference)s verified: incident reported.") % {
                "reference": alert.reference})
            return redirect("incidents:detail", pk=written.record_id)
    form = forms.incident
    context = {
        "forms": forms, "form": form, "mission": mission, "incident": None, "alert": alert, "grading": grading,
        "form_action": reverse("triage:verify", args=[alert.pk]), "before_fields": "triage/_verify_alert.html",
        "map": _map_config(mission, form["lon"].value(), form["lat"].value(), form["location_precision"].value()),
        "photo_error": None, "photos_dropped": bool(request.FILES.getlist(PHOTOS)),
        "photo_limits": {"megabytes": max_bytes() // (1024 * 1024), "count": per_record()},
    }
    return render(request, "incidents/incident_form.html", context)


@login_required
def link_to_incident(request, pk):
    """Link the alert to an incident it corroborates: the duplicate hints, and the choice (module docstring)."""
    alert = _alert(request, pk)
    hints = duplicate_hints(request.user, alert)
    initial = {**grading_for(alert), "incident": hints[0].incident.pk if hints else None}
    post, typed = None, ""
    if request.method == "POST":
        post, typed = request.POST.copy(), request.POST.get("incident_typed", "").strip()
        if typed:  # an incident's id typed wins over the hint chosen
            post["incident"] = typed
    form = LinkForm(post, initial=initial)
    if request.method == "POST" and form.is_valid():
        incident = Incident.objects.visible_to(request.user).filter(
            pk=form.cleaned_data["incident"], mission_id=alert.mission_id).first()
        if incident is None:
            form.add_error("incident", _("No incident of this mission you may see has this id."))
        else:
            try:
                with transaction.atomic():
                    _verified(alert, incident, acting_user=request.user, grading=form.cleaned_data,
                              how=_("verified: reports an existing incident"))
            except FieldError as error:
                _show(error, form)
            except ServicePermissionDenied as denied:
                raise _refused(denied) from denied
            else:
                messages.success(request, _("Alert %(reference)s verified and linked to the incident.") % {
                    "reference": alert.reference})
                return redirect("incidents:detail", pk=incident.pk)
    return render(request, "triage/link.html", {"alert": alert, "form": form, "hints": hints, "typed": typed,
                                                "km": KM, "hours": HOURS})


@login_required
def dismiss(request, pk):
    """Dismiss the alert with a reason (and a note when the reason is "other")."""
    alert = _alert(request, pk)
    form = DismissForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            AlertService().dismiss(alert, acting_user=request.user, why=form.cleaned_data["why"],
                                   note=form.cleaned_data["note"])
        except FieldError as error:
            show_on_form(form, error, {"dismiss_reason": "why", "status_note": "note"}.get(error.field))
        except ServicePermissionDenied as denied:
            raise _refused(denied) from denied
        else:
            messages.success(request, _("Alert %(reference)s dismissed.") % {"reference": alert.reference})
            return redirect(_after(alert))
    return render(request, "triage/dismiss.html", {"alert": alert, "form": form})


@login_required
def misconduct(request, pk):
    """Mark the alert as a misconduct allegation (a reason, and the officer's confirmation)."""
    alert = _alert(request, pk)
    form = MisconductForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            AlertService().mark_misconduct(alert, acting_user=request.user, reason=form.cleaned_data["reason"])
        except FieldError as error:
            show_on_form(form, error)
        except ServicePermissionDenied as denied:
            raise _refused(denied) from denied
        else:
            messages.success(request, _("Alert %(reference)s marked as a misconduct allegation: it has left the "
                                        "watch's view.") % {"reference": alert.reference})
            return redirect(_after(None))
    return render(request, "triage/misconduct.html", {"alert": alert, "form": form})


def _after(alert) -> str:
    """Where the officer goes after an action: the alert's page (if the alerts' pages are installed), else the
    queue, else the operational picture."""
    for name, args in (("alerts:detail", [alert.pk] if alert else None), ("triage:queue", []), ("cop", [])):
        if args is None:
            continue
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return "/"


@login_required
def misconduct_queue(request):
    """The misconduct allegations the reader sees (assigned to them, or opened by break-glass), newest first."""
    alerts = list(Alert.objects.visible_to(request.user).filter(misconduct=True)
                  .select_related("mission").order_by("-received_at", "id")[:QUEUE_LENGTH])
    rows = [(alert, _alert_url(alert), _case_url(request.user, alert)) for alert in alerts]
    return render(request, "triage/misconduct_queue.html", {"rows": rows, "most": QUEUE_LENGTH})


def _case_url(user, alert) -> str | None:
    """Where the reader opens a conduct case from the allegation (holders of conduct.case.add), else None."""
    from peaceops.conduct.intake import may_open_case

    return reverse("conduct_intake:from-alert", args=[alert.pk]) if may_open_case(user, alert) else None


def _alert_url(alert) -> str | None:
    try:
        return reverse("alerts:detail", args=[alert.pk])
    except NoReverseMatch:
        return None

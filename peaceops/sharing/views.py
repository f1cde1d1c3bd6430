"""Sharing pages: the Share control on an incident (an htmx panel) and the mission administrator's page for
groups and agreements. Reads start from `visible_to`; every change goes through `sharing.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.core.services import PermissionDenied as ServicePermissionDenied
from peaceops.incidents.filters import MAX_ID
from peaceops.incidents.models import Incident, IncidentRelease

from . import services
from .forms import AgreementForm, GroupForm, ShareForm, resolve_target
from .models import OrganisationGroup, SharingAgreement


def share_panel(user, incident: Incident, form: ShareForm | None = None, error: str = "") -> dict:
    """The context of the Share panel on an incident's page: its releases and, for those who may release,
    the form."""
    can_release = access_profile(user).can_edit(incident.mission_id, incident.owner_id)
    now = timezone.now()
    releases = list(IncidentRelease.objects.filter(incident=incident)
                    .select_related("organisation", "granted_by").order_by("organisation__code"))
    return {
        "incident": incident,
        "releases": [(r, r.expires_at is not None and r.expires_at <= now) for r in releases],
        "can_release": can_release,
        "share_form": (form or ShareForm(mission=incident.mission)) if can_release else None,
        "share_error": error,
    }


def _incident(request, pk) -> Incident:
    incidents = Incident.objects.visible_to(request.user).select_related("mission", "owner")
    return get_object_or_404(incidents, pk=pk)


def _panel(request, incident, form=None, error="", status=200):
    if request.headers.get("HX-Request"):
        return render(request, "sharing/_share.html", share_panel(request.user, incident, form, error),
                      status=status)
    if error:
        messages.error(request, error)
    return redirect(reverse("incidents:detail", args=[incident.pk]) + "#share")


def _posted(queryset, request, name: str):
    """The row of `queryset` whose id is posted as `name`; 404 when none, including for a value that is no id
    at all ("abc", 2**64), which the database would not take."""
    value = (request.POST.get(name) or "").strip()
    if not value.isdecimal() or int(value) > MAX_ID:
        raise Http404(_("No such record."))
    return get_object_or_404(queryset, pk=int(value))


def _invalid(form) -> str:
    """The panel's one message for an invalid share form: what is wrong with the date, if that is it."""
    if "expires_at" in form.errors:
        return f"{form.fields['expires_at'].label}: {form.errors['expires_at'][0]}"
    return _("Choose whom to share with (and a valid date).")


@login_required
@require_http_methods(["GET", "POST"])
def incident_releases(request, pk):
    """GET: the Share panel. POST: release to the chosen organisation or group."""
    incident = _incident(request, pk)
    if request.method == "GET":
        return render(request, "sharing/_share.html", share_panel(request.user, incident))
    form = ShareForm(request.POST, mission=incident.mission)
    if not form.is_valid():
        return _panel(request, incident, form, _invalid(form), 422)
    organisation, group = resolve_target(incident.mission, form.cleaned_data["target"])
    try:
        services.release_incident(incident, acting_user=request.user,
                                  organisations=[organisation] if organisation else [], group=group,
                                  expires_at=form.cleaned_data["expires_at"], reason=form.cleaned_data["reason"])
    except ServicePermissionDenied as denied:
        raise PermissionDenied(str(denied)) from denied
    except services.SharingError as error:
        return _panel(request, incident, form, error.message, 422)
    return _panel(request, incident)


@login_required
@require_POST
def withdraw(request, pk):
    """Withdraw the incident's release to one organisation (POST organisation=<id>)."""
    incident = _incident(request, pk)
    organisation = _posted(Organisation.objects.all(), request, "organisation")
    try:
        services.withdraw_release(incident, acting_user=request.user, organisation=organisation,
                                  reason=request.POST.get("reason", ""))
    except ServicePermissionDenied as denied:
        raise PermissionDenied(str(denied)) from denied
    except services.SharingError as error:
        return _panel(request, incident, error=error.message, status=422)
    return _panel(request, incident)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """Groups and sharing agreements of the current mission (mission administrators)."""
    mission = current_mission(request)
    if mission is None or not services.may_manage(request.user, mission):
        raise PermissionDenied(_("Only the mission administrator manages sharing."))
    group_form, agreement_form = GroupForm(mission=mission), AgreementForm(mission=mission)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add-group":
                group_form = GroupForm(request.POST, mission=mission)
                if group_form.is_valid():
                    services.create_group(acting_user=request.user, mission=mission, **group_form.cleaned_data)
                    messages.success(request, _("Group saved."))
                    return redirect("sharing:manage")
            elif action == "edit-group":
                group = _posted(OrganisationGroup.objects.filter(mission=mission), request, "group")
                edit = GroupForm(request.POST, mission=mission)
                if edit.is_valid():
                    services.update_group(group, acting_user=request.user, **edit.cleaned_data)
                    messages.success(request, _("Group saved."))
                    return redirect("sharing:manage")
                messages.error(request, _("A group needs a name."))
            elif action == "delete-group":
                group = _posted(OrganisationGroup.objects.filter(mission=mission), request, "group")
                services.delete_group(group, acting_user=request.user)
                messages.success(request, _("Group deleted."))
                return redirect("sharing:manage")
            elif action == "add-agreement":
                agreement_form = AgreementForm(request.POST, mission=mission)
                if agreement_form.is_valid():
                    data = dict(agreement_form.cleaned_data)
                    partner, partner_group = resolve_target(mission, data.pop("partner"))
                    services.create_agreement(acting_user=request.user, mission=mission, partner=partner,
                                              partner_group=partner_group, **data)
                    messages.success(request, _("Agreement saved."))
                    return redirect("sharing:manage")
            elif action in ("suspend-agreement", "resume-agreement", "delete-agreement"):
                agreement = _posted(SharingAgreement.objects.filter(mission=mission), request, "agreement")
                if action == "delete-agreement":
                    services.delete_agreement(agreement, acting_user=request.user)
                else:
                    services.set_agreement_active(agreement, acting_user=request.user,
                                                  active=action == "resume-agreement")
                messages.success(request, _("Agreement saved."))
                return redirect("sharing:manage")
        except services.SharingError as error:
            messages.error(request, error.message)
    groups = OrganisationGroup.objects.filter(mission=mission).prefetch_related("members")
    agreements = (SharingAgreement.objects.filter(mission=mission)
                  .select_related("owner", "partner", "partner_group")
                  .prefetch_related("categories", "admin_areas"))
    return render(request, "sharing/manage.html", {
        "mission": mission, "groups": groups, "agreements": agreements, "group_form": group_form,
        "agreement_form": agreement_form, "organisations": participants(mission),
    }, status=422 if request.method == "POST" else 200)

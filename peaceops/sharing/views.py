"""Sharing pages: the Share control on a record (an htmx panel; incidents' pages show it, any releasable record
type registered with `core.kit.releasable` can) and the mission administrator's page for groups and agreements.
Reads start from `visible_to`; every change goes through `sharing.services`."""

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
from peaceops.core.kit.releasable import releasable, releasable_for
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.core.services import PermissionDenied as ServicePermissionDenied

from . import services
from .forms import AgreementForm, GroupForm, ShareForm, resolve_target
from .models import OrganisationGroup, SharingAgreement

#: The largest id a posted value may name (a 64-bit key): beyond it the database would refuse the lookup.
MAX_ID = 2**63 - 1
#: The Share panel's own URLs, by record type (their names in this app's urls.py).
PANEL_URLS = {"incidents": ("sharing:incident", "sharing:withdraw")}


def share_panel(user, record, form: ShareForm | None = None, error: str = "") -> dict:
    """The context of the Share panel on a record's page: its releases and, for those who may release,
    the form. (The record also stays under its model's name, e.g. `incident`, for the page around it.)"""
    can_release = access_profile(user).may(record._meta.label_lower, "change", record.mission_id, record.owner_id)
    now = timezone.now()
    releases = list(services.release_model(type(record)).objects.filter(**{record._meta.model_name: record})
                    .select_related("organisation", "granted_by").order_by("organisation__code"))
    share_url, withdraw_url = PANEL_URLS[releasable_for(type(record)).name]
    return {
        record._meta.model_name: record, "record": record,
        "share_url": reverse(share_url, args=[record.pk]), "withdraw_url": reverse(withdraw_url, args=[record.pk]),
        "releases": [(r, r.expires_at is not None and r.expires_at <= now) for r in releases],
        "can_release": can_release,
        "share_form": (form or ShareForm(mission=record.mission)) if can_release else None,
        "share_error": error,
    }


def _record(request, pk, record_type: str):
    records = releasable(record_type).model.objects.visible_to(request.user).select_related("mission", "owner")
    return get_object_or_404(records, pk=pk)


def _panel(request, record, form=None, error="", status=200):
    if request.headers.get("HX-Request"):
        return render(request, "sharing/_share.html", share_panel(request.user, record, form, error),
                      status=status)
    if error:
        messages.error(request, error)
    return redirect(reverse(releasable_for(type(record)).detail_url, args=[record.pk]) + "#share")


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
def record_releases(request, pk, record_type: str):
    """GET: the Share panel. POST: release to the chosen organisation or group."""
    record = _record(request, pk, record_type)
    if request.method == "GET":
        return render(request, "sharing/_share.html", share_panel(request.user, record))
    form = ShareForm(request.POST, mission=record.mission)
    if not form.is_valid():
        return _panel(request, record, form, _invalid(form), 422)
    organisation, group = resolve_target(record.mission, form.cleaned_data["target"])
    try:
        services.release_record(record, acting_user=request.user,
                                  organisations=[organisation] if organisation else [], group=group,
                                  expires_at=form.cleaned_data["expires_at"], reason=form.cleaned_data["reason"])
    except ServicePermissionDenied as denied:
        raise PermissionDenied(denied.message) from denied
    except services.SharingError as error:
        return _panel(request, record, form, error.message, 422)
    return _panel(request, record)


@login_required
@require_POST
def withdraw(request, pk, record_type: str):
    """Withdraw the record's release to one organisation (POST organisation=<id>)."""
    record = _record(request, pk, record_type)
    organisation = _posted(Organisation.objects.all(), request, "organisation")
    try:
        services.withdraw_release(record, acting_user=request.user, organisation=organisation,
                                  reason=request.POST.get("reason", ""))
    except ServicePermissionDenied as denied:
        raise PermissionDenied(denied.message) from denied
    except services.SharingError as error:
        return _panel(request, record, error=error.message, status=422)
    return _panel(request, record)


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

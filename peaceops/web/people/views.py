"""People and roles (`/missions/<code>/people/`): a mission's members, grant and revoke, for those holding
mission.manage_roles there. Access explained (`/access/<username>/`): what a user can see and do, and why.

Every change goes through `admin_grant_role` / `admin_revoke_role`, which check the authority again and write
the change log; the affected user's access changes on their next request (the profile is per request).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peaceops.core.access import access_profile
from peaceops.core.explain import mission_access, record_access
from peaceops.core.models import Membership, Mission
from peaceops.core.participation import administered_organisations
from peaceops.core.permissions import Permission
from peaceops.core.refusals import record_refusal
from peaceops.core.services import PermissionDenied, RoleChangeError, admin_grant_role, admin_revoke_role
from peaceops.incidents.models import Incident
from peaceops.ledger.services import record_if_sensitive
from peaceops.web.context_processors import ROLE_LABELS

from .forms import GrantRoleForm, RevokeRoleForm, WhyNotForm
from .sight import ability_lines, sight_lines


def _forbidden(request, reason):
    return render(request, "web/forbidden.html", {"reason": reason}, status=403)


def _managed_mission(request, code) -> Mission | None:
    """The mission if the user manages its roles; None (the refusal written to the ledger) otherwise."""
    mission = get_object_or_404(Mission, code=code)
    if access_profile(request.user).has_perm(mission.pk, Permission.MISSION_MANAGE_ROLES):
        return mission
    record_refusal(request.user, action="people_page", target=f"{request.method} {request.path}",
                   reason=f"{request.user} does not manage roles in {mission.code}", mission_id=mission.pk)
    return None


@login_required
def people(request, code):
    """The mission's members with their organisations and roles, the grant form, a revoke button per role."""
    mission = _managed_mission(request, code)
    if mission is None:
        return _forbidden(request, _("Only a mission administrator of this mission may manage its people and roles."))
    form = GrantRoleForm(request.POST or None, mission=mission, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            admin_grant_role(acting_user=request.user, user=data["user"], mission=mission,
                             organisation=data["organisation"], role=data["role"], ends_at=form.ends_at(),
                             reason=data["reason"])
        except PermissionDenied as denied:
            return _forbidden(request, denied.message)
        except RoleChangeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Role %(role)s granted to %(user)s for %(org)s.") % {
                "role": ROLE_LABELS.get(data["role"], data["role"]), "user": data["user"].username,
                "org": data["organisation"].code})
            return redirect("people", code=mission.code)
    memberships = (
        Membership.objects.filter(mission=mission).select_related("user", "organisation")
        .order_by("user__username", "organisation__code", "role")
    )
    administered = set(administered_organisations(request.user, mission).values_list("pk", flat=True))
    rows = [(m, ROLE_LABELS.get(m.role, m.role), m.organisation_id in administered) for m in memberships]
    return render(request, "people/people.html", {
        "mission": mission, "rows": rows, "form": form, "now": timezone.now(),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def revoke(request, code, membership_id):
    """Revoke one role (a reason is required)."""
    mission = _managed_mission(request, code)
    if mission is None:
        return _forbidden(request, _("Only a mission administrator of this mission may manage its people and roles."))
    membership = get_object_or_404(Membership.objects.select_related("user", "mission"), pk=membership_id,
                                   mission=mission)
    form = RevokeRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the role is revoked: a reason is required."))
        return redirect("people", code=mission.code)
    try:
        admin_revoke_role(membership, acting_user=request.user, reason=form.cleaned_data["reason"])
    except PermissionDenied as denied:
        return _forbidden(request, denied.message)
    messages.success(request, _("Role %(role)s of %(user)s revoked.") % {
        "role": ROLE_LABELS.get(membership.role, membership.role), "user": membership.user.username})
    return redirect("people", code=mission.code)


def _shown_missions(viewer, user) -> list[Mission] | None:
    """The missions of `user` that `viewer` may look into (None: none, refuse)."""
    viewer_profile = access_profile(viewer)
    profile = access_profile(user)
    if viewer.pk == user.pk or viewer_profile.superuser:
        ids = set(profile.missions)
    else:
        ids = set(profile.missions) & viewer_profile.missions_with(Permission.MISSION_MANAGE_ROLES)
        if not ids:
            return None
    return list(Mission.objects.filter(pk__in=ids).order_by("code"))


@login_required
def access_explained(request, username=None):
    """Per mission: the user's organisations and roles, the permissions each gives, what they can see (with
    counts) and do; and, for one incident id, whether they may see, edit and delete it and why."""
    user = get_user_model().objects.filter(username=username).first() if username else request.user
    missions = _shown_missions(request.user, user) if user is not None else None
    if missions is None:
        # The same answer for a user one may not look into as for no such user: the page must not tell
        # which user names exist.
        raise Http404(_("No user of this name whose access you may see."))
    sections = []
    for mission in missions:
        explained = mission_access(user, mission)
        sections.append({
            "explained": explained,
            "roles": [(role, ROLE_LABELS.get(role, role), codes) for role, codes in explained.role_permissions.items()],
            "sight": sight_lines(user, explained, looking=request.user),
            "abilities": ability_lines(user, explained),
        })
    why_not = _why_not(request, user, missions)
    return render(request, "people/access.html", {
        "subject": user, "sections": sections, "superuser": user.is_superuser, **why_not,
    })


def _why_not(request, user, missions) -> dict:
    if "incident" not in request.GET:
        return {"why_form": WhyNotForm()}
    form = WhyNotForm(request.GET)
    if not form.is_valid():
        return {"why_form": form}
    incident = (
        Incident.objects.visible_to(request.user).select_related("mission", "owner")
        .filter(pk=form.cleaned_data["incident"]).first()
    )
    if incident is None:
        return {"why_form": form, "why_missing": _("No incident with this id that you can see.")}
    if not user.is_superuser and incident.mission_id not in {m.pk for m in missions} and not (
        request.user.is_superuser or request.user.pk == user.pk
    ):
        return {"why_form": form, "why_missing": _("This incident is in a mission you do not administer.")}
    record_if_sensitive(request.user, incident, via="access-explained")
    return {"why_form": form, "why_incident": incident, "why": record_access(user, incident)}

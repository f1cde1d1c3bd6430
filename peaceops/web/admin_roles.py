"""Memberships and participations in the admin site.

Memberships are added and deleted through the role services (`admin_grant_role`, `admin_revoke_role`): the
mission.manage_roles check, the participation's administrator, no revoking one's own role-managing role and a
required reason hold here as on the People and roles page. A membership is never edited in place (revoke and
grant). Participations (which organisations take part in which mission) are the superusers'.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from peaceops.core.models import Membership, Mission, Organisation
from peaceops.core.participation import administered_participations, takes_part
from peaceops.core.services import PermissionDenied as ServicePermissionDenied
from peaceops.core.services import (
    RoleChangeError,
    admin_grant_role,
    admin_revoke_role,
    check_grant,
    check_revoke,
    enrol_organisation,
)

from .admin_guard import ReachGuardedAdmin


class MembershipAddForm(forms.ModelForm):
    """A new membership, with the reason the change log keeps; the organisation must take part in the mission."""

    reason = forms.CharField(label=_("Reason"), max_length=500)

    class Meta:
        model = Membership
        fields = ("user", "mission", "organisation", "role", "ends_at")

    def clean(self):
        cleaned = super().clean()
        mission, organisation = cleaned.get("mission"), cleaned.get("organisation")
        if mission and organisation and not takes_part(mission, organisation):
            self.add_error("organisation", _("%(org)s does not take part in mission %(mission)s.") % {
                "org": organisation.code, "mission": mission.code})
        return cleaned


class RoleServiceMembershipAdmin(ReachGuardedAdmin):
    """Mixin for the membership admin: add and delete through the role services, never edit in place."""

    actions = None
    reach_refusal = "memberships are not edited in place: revoke the role and grant another"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = MembershipAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = ("user", "mission", "organisation", "role", "ends_at")
        return fields + ("reason",) if obj is None else fields

    def may_change(self, request, obj) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        pairs = administered_participations(request.user)
        if pairs is not None and db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(pk__in={o for _m, o in pairs})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _wanted(self, request):
        """(user, mission, organisation, role) a POSTed add form names, when they all resolve."""
        def one(model, key):
            value = request.POST.get(key, "")
            return model.objects.filter(pk=value).first() if value.isdigit() else None

        found = (one(get_user_model(), "user"), one(Mission, "mission"), one(Organisation, "organisation"))
        return (*found, request.POST.get("role", "")) if all(found) else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None and request.method == "POST":
            wanted = self._wanted(request)
            if wanted and takes_part(wanted[1], wanted[2]):
                try:  # checked (and a refusal audited) before the admin's transaction
                    check_grant(acting_user=request.user, user=wanted[0], mission=wanted[1],
                                organisation=wanted[2], role=wanted[3])
                except ServicePermissionDenied as denied:
                    raise PermissionDenied(denied.message) from denied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        try:
            membership = admin_grant_role(acting_user=request.user, user=obj.user, mission=obj.mission,
                                          organisation=obj.organisation, role=obj.role, ends_at=obj.ends_at,
                                          reason=form.cleaned_data["reason"])
        except ServicePermissionDenied as denied:
            raise PermissionDenied(denied.message) from denied
        except RoleChangeError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = membership.pk

    def delete_view(self, request, object_id, extra_context=None):
        membership = self.stored(object_id)
        if membership is not None and request.method == "POST":
            if not request.POST.get("reason", "").strip():
                messages.error(request, _("Say why the role is revoked: a reason is required."))
                return redirect(request.path)
            try:  # checked (and a refusal audited) before the admin's transaction
                check_revoke(membership, acting_user=request.user)
            except ServicePermissionDenied as denied:
                raise PermissionDenied(denied.message) from denied
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        try:
            admin_revoke_role(obj, acting_user=request.user, reason=request.POST.get("reason", ""))
        except ServicePermissionDenied as denied:
            raise PermissionDenied(denied.message) from denied
        except RoleChangeError as error:
            raise PermissionDenied(str(error)) from error


class ParticipationAdminMixin:
    """Participations: superusers add them (through `enrol_organisation`, change-logged), change who administers
    them, and remove those without roles."""

    superuser_only = True

    def has_delete_permission(self, request, obj=None):
        """Not while the organisation holds roles in the mission (revoke them first)."""
        return super().has_delete_permission(request, obj) and (obj is None or not Membership.objects.filter(
            mission_id=obj.mission_id, organisation_id=obj.organisation_id).exists())

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        participation = enrol_organisation(mission=obj.mission, organisation=obj.organisation,
                                           administered_by=obj.administered_by, acting_user=request.user)
        obj.pk = participation.pk

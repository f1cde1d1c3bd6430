"""Reference data in the mission administrators' admin site, each model scoped to the missions they administer.

A mission administrator (a role giving mission.administer) works on their missions' memberships (added and
deleted through the role services), taxonomy categories, admin-area names and alert keywords, SMS gateways and
message templates (and reads their messages, phone numbers masked without messaging.view_phone_numbers), and on
the organisations and
accounts within their reach (`core.reach`); they can look places up in the gazetteer (read only). Superusers
see everything and also missions, participations and role permissions. Every save and delete is written to
the change log; every refused change to the ledger.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from peaceops.alerts.admin import AlertKeywordAdmin, AlertSettingsAdmin, ResponseClockAdmin
from peaceops.alerts.models import Alert, AlertKeyword, AlertSettings, ResponseClock
from peaceops.core.access import access_profile
from peaceops.core.admin import (
    MembershipAdmin,
    MissionAdmin,
    OrganisationAdmin,
    ParticipationAdmin,
    ReadOnly,
    RolePermissionAdmin,
)
from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.models import Membership, Mission, Organisation, Participation, RolePermission
from peaceops.core.permissions import Permission
from peaceops.core.reach import may_change_account, may_change_organisation
from peaceops.geo.admin import AdminAreaAdmin, PlaceAdmin
from peaceops.geo.models import AdminArea, Place
from peaceops.incidents.admin import CategoryAdmin
from peaceops.incidents.models import Category
from peaceops.messaging.admin import (
    GatewayAdmin,
    InboundMessageAdmin,
    MessageTemplateAdmin,
    OutboundMessageAdmin,
)
from peaceops.messaging.models import Gateway, InboundMessage, MessageTemplate, OutboundMessage

from .admin_guard import ReachGuardedAdmin
from .admin_roles import ParticipationAdminMixin, RoleServiceMembershipAdmin
from .admin_site import mission_admin_site


def administered_missions(user) -> set[int] | None:
    """Ids of the missions the user administers; None means every mission (superuser)."""
    profile = access_profile(user)
    if profile.superuser:
        return None
    return profile.missions_with(Permission.MISSION_ADMINISTER)


class ReferenceDataAdmin:
    """Mixin: open to mission administrators (the site checked the role), change-logged saves and deletes."""

    superuser_only = False

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or not self.superuser_only

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def snapshot_of(self, obj) -> dict:
        """What the change log keeps of the object."""
        return snapshot(obj)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = self.snapshot_of(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        log_change(action=ChangeAction.UPDATE if change else ChangeAction.CREATE, obj=obj,
                   acting_user=request.user, before=before, after=self.snapshot_of(obj), reason="admin",
                   publish=False)

    @transaction.atomic
    def delete_model(self, request, obj):
        before, pk = self.snapshot_of(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        log_change(action=ChangeAction.DELETE, obj=obj, acting_user=request.user, before=before, after=None,
                   reason="admin", publish=False)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class MissionScopedAdmin(ReferenceDataAdmin):
    """Rows of the missions the user administers only; mission choices limited the same way."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        missions = administered_missions(request.user)
        return queryset if missions is None else queryset.filter(mission_id__in=missions)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        missions = administered_missions(request.user)
        if missions is not None and db_field.name == "mission":
            kwargs["queryset"] = Mission.objects.filter(pk__in=missions)
        elif missions is not None and db_field.name == "parent":
            kwargs["queryset"] = db_field.related_model.objects.filter(mission_id__in=missions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedMissionAdmin(ReferenceDataAdmin, MissionAdmin):
    superuser_only = True


class ScopedOrganisationAdmin(ReachGuardedAdmin, ReferenceDataAdmin, OrganisationAdmin):
    """Organisations: renamed or retyped only by who administers every participation of it (`core.reach`)."""

    reach_refusal = "it takes part in a mission whose participation you do not administer (ask a superuser)"

    def may_change(self, request, obj) -> bool:
        return may_change_organisation(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ScopedMembershipAdmin(RoleServiceMembershipAdmin, MissionScopedAdmin, MembershipAdmin):
    autocomplete_fields = ("user",)


class SuperuserParticipationAdmin(ParticipationAdminMixin, ReferenceDataAdmin, ParticipationAdmin):
    pass


class SuperuserRolePermissionAdmin(ReferenceDataAdmin, RolePermissionAdmin):
    """Which role gives which permission: superusers only (a mission administrator grants roles, never
    changes what a role means)."""

    superuser_only = True


class ScopedCategoryAdmin(MissionScopedAdmin, CategoryAdmin):
    pass


class ScopedAdminAreaAdmin(MissionScopedAdmin, AdminAreaAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):  # the geo admin logs the names correction itself
        AdminAreaAdmin.save_model(self, request, obj, form, change)


class ScopedAlertKeywordAdmin(MissionScopedAdmin, AlertKeywordAdmin):
    """The words a mission adds to the alert vocabularies (docs/user/alert-keywords.md)."""


class MissionReachGuarded(ReachGuardedAdmin):
    """Mixin: changing or deleting a row of a mission one does not administer is refused (403) and audited,
    whether or not the list shows it."""

    reach_refusal = "it belongs to a mission you do not administer"

    def may_change(self, request, obj) -> bool:
        missions = administered_missions(request.user)
        return missions is None or obj.mission_id in missions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.may_change(request, obj))


class ScopedAlertSettingsAdmin(MissionReachGuarded, MissionScopedAdmin, AlertSettingsAdmin):
    """A mission's alert settings: the organisation receiving alerts is one taking part in the missions the
    user administers."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        missions = administered_missions(request.user)
        if missions is not None and db_field.name == "owner":
            kwargs["queryset"] = Organisation.objects.filter(
                participations__mission_id__in=missions).distinct().order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedResponseClockAdmin(MissionReachGuarded, MissionScopedAdmin, ResponseClockAdmin):
    """A mission's response clocks (docs/operators/alert-clocks.md)."""


class ScopedGatewayAdmin(MissionReachGuarded, MissionScopedAdmin, GatewayAdmin):
    """A mission's SMS gateways: its administrators set them up; secrets stay out of the change log."""

    def snapshot_of(self, obj) -> dict:
        return GatewayAdmin.snapshot_of(self, obj)


class ScopedMessageTemplateAdmin(MissionReachGuarded, MissionScopedAdmin, MessageTemplateAdmin):
    pass


class ScopedInboundMessageAdmin(ReadOnly, MissionScopedAdmin, InboundMessageAdmin):
    """Inbound messages, except those of an alert marked as a misconduct allegation (need-to-know: its text and
    its reporter's number are for those assigned to it)."""

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(alert__misconduct=True)


class ScopedOutboundMessageAdmin(ReadOnly, MissionScopedAdmin, OutboundMessageAdmin):
    """Outbound messages, except those about an alert marked as a misconduct allegation."""

    def get_queryset(self, request):
        marked = [str(pk) for pk in Alert._base_manager.filter(misconduct=True).values_list("pk", flat=True)]
        return super().get_queryset(request).exclude(related_type="alerts.alert", related_id__in=marked)


class ReadOnlyPlaceAdmin(ReadOnly, ReferenceDataAdmin, PlaceAdmin):
    """The gazetteer (shared by all missions) can be looked up; it changes only through its loader."""


class MemberAccountAdmin(ReachGuardedAdmin, ReferenceDataAdmin, UserAdmin):
    """Accounts: a mission administrator sees their missions' members and accounts with no mission yet,
    never superusers, and cannot grant staff, superuser or Django permissions (roles are memberships). They
    change (and set the password of) only accounts within their reach (`core.reach.may_change_account`)."""

    reach_refusal = ("it holds roles outside the participations you administer, or is a superuser's, a "
                     "staff or a service account (ask a superuser)")

    def may_change(self, request, obj) -> bool:
        return may_change_account(request.user, obj)

    def user_change_password(self, request, id, form_url=""):
        account = self.stored(id)
        if account is not None and not self.has_change_permission(request, account):
            self.refuse(request, account, "set_password")
        return super().user_change_password(request, id, form_url)

    limited_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active", "last_login", "date_joined")}),
    )

    def snapshot_of(self, obj) -> dict:
        data = snapshot(obj)
        data.pop("password", None)  # never a password hash in the change log
        return data

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        missions = administered_missions(request.user)
        if missions is None:
            return queryset
        in_my_missions = Membership.objects.filter(user=OuterRef("pk"), mission_id__in=missions)
        any_mission = Membership.objects.filter(user=OuterRef("pk"))
        return queryset.filter(is_superuser=False).filter(Q(Exists(in_my_missions)) | ~Q(Exists(any_mission)))

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("last_login", "date_joined")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


mission_admin_site.register(Mission, ScopedMissionAdmin)
mission_admin_site.register(Organisation, ScopedOrganisationAdmin)
mission_admin_site.register(Membership, ScopedMembershipAdmin)
mission_admin_site.register(Participation, SuperuserParticipationAdmin)
mission_admin_site.register(RolePermission, SuperuserRolePermissionAdmin)
mission_admin_site.register(Category, ScopedCategoryAdmin)
mission_admin_site.register(AdminArea, ScopedAdminAreaAdmin)
mission_admin_site.register(Place, ReadOnlyPlaceAdmin)
mission_admin_site.register(AlertKeyword, ScopedAlertKeywordAdmin)
mission_admin_site.register(ResponseClock, ScopedResponseClockAdmin)
mission_admin_site.register(AlertSettings, ScopedAlertSettingsAdmin)
mission_admin_site.register(get_user_model(), MemberAccountAdmin)
mission_admin_site.register(Gateway, ScopedGatewayAdmin)
mission_admin_site.register(MessageTemplate, ScopedMessageTemplateAdmin)
mission_admin_site.register(InboundMessage, ScopedInboundMessageAdmin)
mission_admin_site.register(OutboundMessage, ScopedOutboundMessageAdmin)

"""Django admin for reference data: missions, organisations, participations, memberships, role permissions; the change log read-only."""

from django.contrib import admin

from .models import ApiToken, ChangeLogEntry, Membership, Mission, Organisation, Participation, RolePermission


class ReadOnly:
    """Mixin (first among the bases of a registered admin): rows that only their own door writes (a loader, the
    webhooks, the outbox), which the admin shows and never adds, changes or deletes."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "country_iso3", "created_at")
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "type")
    list_filter = ("type",)
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "mission", "organisation", "role", "ends_at")
    list_filter = ("mission", "organisation", "role")
    search_fields = ("user__username",)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """Which organisations take part in which mission, and whose role managers administer each."""

    list_display = ("mission", "organisation", "administered_by", "created_at")
    list_filter = ("mission",)
    search_fields = ("organisation__code", "organisation__name")


@admin.register(RolePermission)
class RolePermissionAdmin(admin.ModelAdmin):
    """Which role gives which permission: a row added or removed changes every holder's next request."""

    list_display = ("role", "permission")
    list_filter = ("role", "permission")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The permission is chosen among the registered codes (the table accepts no other)."""
        if db_field.name == "permission":
            from django import forms

            from .permissions import registry

            return forms.ChoiceField(choices=registry.choices(), label=db_field.verbose_name.capitalize(),
                                     help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "scopes", "created_at", "expires_at", "last_used_at", "revoked")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at", "revoked_at")


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    """The change log can be read, never edited or deleted."""

    list_display = ("time", "actor_name", "action", "object_type", "object_repr", "request_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "object_repr", "request_id", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

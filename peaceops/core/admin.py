"""Django admin for reference data: missions, organisations, participations, memberships, role permissions; the change log read-only.

No need-to-know record (conduct cases, an alert marked as a misconduct allegation) reaches the admin: no such
model is registered, and the change log leaves out every entry about one (`need_to_know_entries`), so a superuser
reads neither a case's reference nor its content there."""

from django.apps import apps
from django.contrib import admin
from django.db.models import Q

from .models import (
    ApiToken,
    BreakGlassAccess,
    ChangeLogEntry,
    Membership,
    Mission,
    Organisation,
    Participation,
    RecordAssignment,
    RolePermission,
)


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


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def need_to_know_types() -> set[str]:
    """The object types ("app_label.model") whose change-log entries are about need-to-know records: the
    need-to-know record types, every model pointing at one (a case's people, steps, identity reads...), and the
    assignments and break-glass accesses (which exist only for need-to-know records)."""
    wholly = {model for model in apps.get_models() if getattr(model, "need_to_know", False)}
    types = {_label(model) for model in wholly} | {_label(RecordAssignment), _label(BreakGlassAccess)}
    for model in apps.get_models():
        if any(field.is_relation and (field.many_to_one or field.one_to_one) and field.related_model in wholly
               for field in model._meta.get_fields() if field.concrete):
            types.add(_label(model))
    return types


def need_to_know_entries() -> Q:
    """The change-log entries about need-to-know records: of the types above, and of the rows of a type with a
    `need_to_know_field` that are marked now (an alert marked as a misconduct allegation: all its entries)."""
    about = Q(object_type__in=sorted(need_to_know_types()))
    for model in apps.get_models():
        field = getattr(model, "need_to_know_field", None)
        if field:
            marked = [str(pk) for pk in model._base_manager.filter(**{field: True}).values_list("pk", flat=True)]
            about |= Q(object_type=_label(model), object_id__in=marked)
    return about


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    """The change log can be read, never edited or deleted; entries about need-to-know records are left out
    (a superuser is not a reader of a case by role)."""

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(need_to_know_entries())

    list_display = ("time", "actor_name", "action", "object_type", "object_repr", "request_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "object_repr", "request_id", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""Django admin for a mission's own alert keywords (docs/user/alert-keywords.md) and its alert settings
(docs/user/alerts.md). The mission administrators' site (`web.admin_models`) scopes them to the missions they
administer and logs every change."""

from django.contrib import admin

from .models import AlertKeyword, AlertSettings


@admin.register(AlertKeyword)
class AlertKeywordAdmin(admin.ModelAdmin):
    list_display = ("word", "language", "meaning", "mission")
    list_filter = ("mission", "language", "meaning")
    search_fields = ("word",)
    list_select_related = ("mission",)
    fields = ("mission", "language", "word", "meaning")


@admin.register(AlertSettings)
class AlertSettingsAdmin(admin.ModelAdmin):
    """One row per mission: who owns the alerts nobody signed in raised, how coarse an anonymous position is
    kept, how many public reports an address may send an hour, the duty supervisor."""

    list_display = ("mission", "owner", "anonymous_coarsening_m", "public_reports_per_hour", "supervisor_email")
    list_select_related = ("mission", "owner")
    fields = ("mission", "owner", "anonymous_coarsening_m", "public_reports_per_hour", "supervisor_email",
              "supervisor_phone")

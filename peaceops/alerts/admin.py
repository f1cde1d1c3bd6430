"""Django admin for a mission's own alert keywords (docs/user/alert-keywords.md), its response clocks and its
alert settings (docs/operators/alert-clocks.md). The mission administrators' site (`web.admin_models`) scopes
them to the missions they administer and logs every change."""

from django.contrib import admin

from .models import AlertKeyword, AlertSettings, ResponseClock


@admin.register(AlertKeyword)
class AlertKeywordAdmin(admin.ModelAdmin):
    list_display = ("word", "language", "meaning", "mission")
    list_filter = ("mission", "language", "meaning")
    search_fields = ("word",)
    list_select_related = ("mission",)
    fields = ("mission", "language", "word", "meaning")


@admin.register(ResponseClock)
class ResponseClockAdmin(admin.ModelAdmin):
    """A mission's clock per priority band (one row per band, installed with the defaults: edited, never
    added twice)."""

    list_display = ("mission", "band", "acknowledge_minutes", "respond_minutes", "close_minutes")
    list_filter = ("mission", "band")
    list_select_related = ("mission",)
    fields = ("mission", "band", "acknowledge_minutes", "respond_minutes", "close_minutes")


@admin.register(AlertSettings)
class AlertSettingsAdmin(admin.ModelAdmin):
    """A mission's alert settings: the organisation receiving alerts, coarsening, the public page's limit and
    the duty supervisor's e-mail and phone (escalations)."""

    list_display = ("mission", "owner", "supervisor_email", "supervisor_phone")
    list_select_related = ("mission", "owner")
    fields = ("mission", "owner", "anonymous_coarsening_m", "public_reports_per_hour", "supervisor_email",
              "supervisor_phone")

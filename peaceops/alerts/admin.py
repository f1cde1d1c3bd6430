"""Django admin for a mission's own alert keywords (docs/user/alert-keywords.md). The mission administrators'
site (`web.admin_models`) scopes it to the missions they administer and logs every change."""

from django.contrib import admin

from .models import AlertKeyword


@admin.register(AlertKeyword)
class AlertKeywordAdmin(admin.ModelAdmin):
    list_display = ("word", "language", "meaning", "mission")
    list_filter = ("mission", "language", "meaning")
    search_fields = ("word",)
    list_select_related = ("mission",)
    fields = ("mission", "language", "word", "meaning")

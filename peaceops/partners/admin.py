"""Release scopes are changed through `services.set_release_scope` (API), so the admin only lists them."""

from django.contrib import admin

from .models import ReleaseScope


@admin.register(ReleaseScope)
class ReleaseScopeAdmin(admin.ModelAdmin):
    list_display = ("incident", "organisation", "include_sources", "updated_at")
    list_filter = ("organisation", "include_sources")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

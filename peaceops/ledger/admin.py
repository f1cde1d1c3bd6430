"""The ledger in the admin site: read only (no add, change or delete, for anyone)."""

from django.contrib import admin

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ("chain", "sequence", "time", "kind", "actor", "entry_sha256")
    list_filter = ("kind",)
    search_fields = ("actor", "entry_sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""Django admin for geographic reference data, read-mostly: boundaries and places come from the loaders
(`peaceops load-boundaries`, `peaceops load-gazetteer`). Only an area's display names may be corrected
here, and each correction is written to the change log."""

from django.contrib import admin
from django.db import transaction

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction

from .loaders.boundaries import area_snapshot
from .models import AdminArea, Place, PlaceName
from .placeindex import index_areas


@admin.register(AdminArea)
class AdminAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "code", "mission", "parent")
    list_filter = ("mission", "level")
    search_fields = ("name", "code")
    list_select_related = ("mission", "parent")
    fields = ("mission", "level", "code", "name", "names", "parent", "min_lon", "min_lat", "max_lon", "max_lat",
              "centroid_lon", "centroid_lat")
    readonly_fields = ("mission", "level", "code", "parent", "min_lon", "min_lat", "max_lon", "max_lat",
                       "centroid_lon", "centroid_lat")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geometry")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = area_snapshot(AdminArea.objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            log_change(action=ChangeAction.UPDATE, obj=obj, acting_user=request.user, before=before,
                       after=area_snapshot(obj), reason="names corrected in the admin")
            index_areas(obj.mission_id)


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = ("name", "language", "search_key")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "feature_class", "feature_code", "country_code", "population", "geonames_id")
    list_filter = ("feature_class", "country_code")
    search_fields = ("name", "ascii_name", "=geonames_id")
    inlines = [PlaceNameInline]
    readonly_fields = ("geonames_id", "name", "ascii_name", "lon", "lat", "feature_class", "feature_code",
                       "country_code", "population")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

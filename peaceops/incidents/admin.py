"""Django admin for the incident taxonomy and actors (reference data). Incidents are edited through the
services (API, pages), never here, so that every change is logged and access-controlled."""

from django.contrib import admin

from .models import Actor, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("path", "name", "mission", "acled_event_type", "acled_sub_event_type", "ucdp_type_of_violence")
    list_filter = ("mission",)
    search_fields = ("path", "name")


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "mission", "ucdp_actor_id")
    list_filter = ("mission", "type")
    search_fields = ("name",)

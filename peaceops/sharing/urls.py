"""Sharing pages under /sharing/: the administrator's page and an incident's Share panel (htmx; the views take
the record type, so another record type's panel is two more paths)."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("incidents/<uuid:pk>/", views.record_releases, {"record_type": "incidents"}, name="incident"),
    path("incidents/<uuid:pk>/withdraw/", views.withdraw, {"record_type": "incidents"}, name="withdraw"),
]

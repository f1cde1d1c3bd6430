"""Sharing pages under /sharing/: the administrator's page and an incident's Share panel (htmx)."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("incidents/<uuid:pk>/", views.incident_releases, name="incident"),
    path("incidents/<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
]

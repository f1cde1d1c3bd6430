"""Incident pages under /incidents/: report, view, edit, and the form's htmx partials."""

from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("new/", views.create, name="create"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("places/", views.places, name="places"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
]

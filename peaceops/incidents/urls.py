"""Incident pages under /incidents/: report, view, edit, and the form's htmx partials (`views.IncidentPages`)."""

from .views import pages

app_name = "incidents"
urlpatterns = pages.urls()

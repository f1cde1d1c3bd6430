"""Analytics pages: the dashboard's early-warning and risk fragments, and the external forecasts page."""

from django.urls import path

from . import runs, views
from .external import views as external

app_name = "analytics"
urlpatterns = [
    path("early-warning/", views.early_warning, name="early-warning"),
    path("risk/", views.risk, name="risk"),
    path("risk/run/", runs.start_run, name="risk-run"),
    path("risk/run/<str:task_id>/", runs.run_status, name="risk-run-status"),
    path("external-forecasts/", external.external_forecasts, name="external-forecasts"),
    path("external-forecasts/<int:pk>/", external.external_forecasts, name="external-forecast"),
]

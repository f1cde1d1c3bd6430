"""Analytics pages: the analysts' pages under the Analytics menu (trends, what changed, hotspots, importing an
external forecast), the dashboard's early-warning and risk fragments, and the external forecasts page."""

from django.urls import path

from . import coverage_views, imports, pages, runs, views
from .external import views as external

app_name = "analytics"
urlpatterns = [
    path("", pages.index, name="index"),
    path("trends/", pages.trends_page, name="trends"),
    path("changes/", pages.changes_page, name="changes"),
    path("hotspots/", pages.hotspots_page, name="hotspots"),
    path("coverage/", coverage_views.coverage_page, name="coverage"),
    path("early-warning/", views.early_warning, name="early-warning"),
    path("risk/", views.risk, name="risk"),
    path("risk/run/", runs.start_run, name="risk-run"),
    path("risk/run/<str:task_id>/", runs.run_status, name="risk-run-status"),
    path("external-forecasts/", external.external_forecasts, name="external-forecasts"),
    path("external-forecasts/<int:pk>/", external.external_forecasts, name="external-forecast"),
    path("external-forecasts/import/", imports.import_form, name="external-import"),
    path("external-forecasts/import/<str:task_id>/", imports.import_status, name="external-import-status"),
]

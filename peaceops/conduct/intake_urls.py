"""The signed-in ways in under /conduct/ (peaceops.urls mounts them before the cases' own pages)."""

from django.urls import path

from . import intake_views

app_name = "conduct_intake"
urlpatterns = [
    path("refer/", intake_views.refer, name="refer"),
    path("refer/sent/", intake_views.referred, name="referred"),
    path("from-alert/<uuid:pk>/", intake_views.open_from_alert, name="from-alert"),
]

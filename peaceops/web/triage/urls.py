"""The triage pages under /alerts/ (namespace "triage"; mounted in peaceops/urls.py before the alerts' own pages).
Each helper's module adds its own lines."""

from django.urls import path

from . import actions

app_name = "triage"
urlpatterns = [
    path("misconduct/", actions.misconduct_queue, name="misconduct_queue"),
    path("<uuid:pk>/verify/", actions.verify, name="verify"),
    path("<uuid:pk>/link/", actions.link_to_incident, name="link"),
    path("<uuid:pk>/dismiss/", actions.dismiss, name="dismiss"),
    path("<uuid:pk>/misconduct/", actions.misconduct, name="misconduct"),
]

"""The triage routes under /alerts/ (mounted before the alerts' own pages in peaceops/urls.py)."""

from django.urls import path

from . import responses

app_name = "triage"
urlpatterns = [
    path("<uuid:pk>/respond/", responses.respond, name="respond"),
    path("<uuid:pk>/responses/<int:response_id>/done/", responses.response_done, name="response-done"),
    path("<uuid:pk>/close/", responses.close, name="close"),
]

"""The watch's triage pages, under /alerts/ (mounted before the alert pages' own URLs)."""

from django.urls import path

from . import replies

app_name = "triage"

urlpatterns = [
    path("<uuid:pk>/ask/", replies.ask, name="ask"),
]

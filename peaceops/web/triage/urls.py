"""The triage pages (namespace "triage"), mounted at /alerts/ before the alert pages' own URLs."""

from django.urls import path

from . import live, queue

app_name = "triage"

urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("queue/live", live.live, name="queue-live"),
    path("<uuid:pk>/claim/", queue.claim, name="claim"),
    path("<uuid:pk>/assign/", queue.assign, name="assign"),
]

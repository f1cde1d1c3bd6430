"""The watch's triage pages under /alerts/ (namespace "triage"; mounted in peaceops/urls.py before the alerts'
own pages): the queue, the actions on an alert, the misconduct queue, asking the reporter, responses."""

from django.urls import path

from . import actions, live, queue, replies, responses

app_name = "triage"

urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("queue/live", live.live, name="queue-live"),
    path("<uuid:pk>/claim/", queue.claim, name="claim"),
    path("<uuid:pk>/assign/", queue.assign, name="assign"),
    path("misconduct/", actions.misconduct_queue, name="misconduct_queue"),
    path("<uuid:pk>/verify/", actions.verify, name="verify"),
    path("<uuid:pk>/link/", actions.link_to_incident, name="link"),
    path("<uuid:pk>/dismiss/", actions.dismiss, name="dismiss"),
    path("<uuid:pk>/misconduct/", actions.misconduct, name="misconduct"),
    path("<uuid:pk>/ask/", replies.ask, name="ask"),
    path("<uuid:pk>/respond/", responses.respond, name="respond"),
    path("<uuid:pk>/responses/<int:response_id>/done/", responses.response_done, name="response-done"),
    path("<uuid:pk>/close/", responses.close, name="close"),
]

"""The gateways' webhooks (mounted under /hooks/sms/ by peaceops.urls): no session, no CSRF; the gateway's
signature is the authentication."""

from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("<uuid:gateway>/", views.inbound, name="inbound"),
    path("<uuid:gateway>/status/", views.status, name="status"),
]

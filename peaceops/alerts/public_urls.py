"""The public pages of community alerts, mounted at /report/ (peaceops.urls): no sign-in (docs/user/public-page.md)."""

from django.urls import path

from . import public

app_name = "alerts_public"
urlpatterns = [
    path("", public.report, name="report"),
    path("sent/", public.sent, name="sent"),
    path("status/", public.status_lookup, name="status-lookup"),
    path("status/<str:reference>/", public.status, name="status"),
    path("<str:mission_code>/", public.report, name="mission"),
    path("<str:mission_code>/areas.geojson", public.areas, name="areas"),
]

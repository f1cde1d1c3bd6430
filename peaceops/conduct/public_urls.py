"""The public misconduct report, mounted at /report-misconduct/ (peaceops.urls): no sign-in."""

from django.urls import path

from . import public_report

app_name = "conduct_public"
urlpatterns = [
    path("", public_report.report, name="report"),
    path("sent/", public_report.sent, name="sent"),
    path("<str:mission_code>/", public_report.report, name="mission"),
]

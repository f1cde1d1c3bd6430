"""Partner pages under /partners/: what an organisation receives in the current mission."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("release-scope/<uuid:pk>/", views.release_scope, name="release-scope"),
    path("<str:code>/", views.partner_view, name="view"),
]

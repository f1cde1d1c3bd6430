"""URL map: the JSON API under /api/v1/, the admin, and the web pages."""

from django.contrib import admin
from django.urls import include, path

from peaceops.api.router import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("peaceops.web.urls")),
]

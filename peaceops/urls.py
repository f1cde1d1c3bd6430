"""URL map: the JSON API under /api/v1/, the admin (reference data, mission administrators), the web pages."""

from django.urls import include, path

from peaceops.api.router import api
from peaceops.web.admin_site import mission_admin_site

urlpatterns = [
    path("admin/", mission_admin_site.urls),
    path("api/v1/", api.urls),
    path("incidents/", include("peaceops.incidents.urls")),
    path("sharing/", include("peaceops.sharing.urls")),
    path("sites/", include("peaceops.sites.urls")),
    path("analytics/", include("peaceops.analytics.urls")),
    path("", include("peaceops.web.urls")),
]

"""URL map: the JSON API under /api/v1/, the admin (reference data, mission administrators), the web pages."""

from django.conf import settings
from django.urls import include, path

from peaceops.api.router import api
from peaceops.web.admin_site import mission_admin_site

urlpatterns = [
    path("admin/", mission_admin_site.urls),
    path("api/v1/", api.urls),
    path("incidents/", include("peaceops.incidents.urls")),
    path("sharing/", include("peaceops.sharing.urls")),
    path("sites/", include("peaceops.sites.urls")),
    path("alerts/", include("peaceops.web.triage.urls")),  # before the alert pages' own include
    path("alerts/focal-points/", include("peaceops.alerts.focal_points_urls")),
    path("alerts/", include("peaceops.alerts.urls")),
    path("force/", include("peaceops.force.urls")),
    path("operations/", include("peaceops.operations.urls")),
    path("conduct/", include("peaceops.conduct.intake_urls")),  # /conduct/refer/, /conduct/from-alert/<id>/
    path("conduct/", include("peaceops.conduct.urls")),
    path("conflicts/", include("peaceops.core.kit.conflict_views")),
    path("analytics/", include("peaceops.analytics.urls")),
    path("hooks/sms/", include("peaceops.messaging.urls")),
    path("", include("peaceops.notices.urls")),  # /notifications/, /subscriptions/
    # Community alerts' public pages: no sign-in (peaceops.alerts.public, docs/user/public-page.md).
    path("report/", include("peaceops.alerts.public_urls")),
    path("report-misconduct/", include("peaceops.conduct.public_urls")),  # no sign-in (peaceops.conduct.public_report)
    path("", include("peaceops.web.urls")),
]

if "tests.recordtypes" in settings.INSTALLED_APPS:  # tests-only record types (installed only under pytest)
    urlpatterns.insert(-1, path("testrecords/cases/", include("tests.recordtypes.urls")))

# Error pages in the platform's layout (JSON under /api/): peaceops/web/errors.py.
handler403 = "peaceops.web.errors.forbidden"
handler404 = "peaceops.web.errors.not_found"
handler500 = "peaceops.web.errors.server_error"

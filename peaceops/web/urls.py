"""Web pages: the COP at `/`, the dashboard, sign-in and account pages, mission and language switchers."""

from django.urls import include, path

from . import accounts, exports, search, shell
from .dashboard import views as dashboard

urlpatterns = [
    path("sw.js", shell.service_worker, name="service-worker"),
    path("offline/", shell.offline, name="offline"),
    path("offline/session/", shell.session, name="offline-session"),
    path("manifest.webmanifest", shell.manifest, name="web-manifest"),
    path("", include("peaceops.web.cop.urls")),
    path("basemap/", include("peaceops.web.basemap.urls")),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("search/", search.search_page, name="search"),
    path("exports/incidents/", exports.export_incidents, name="export-incidents"),
    path("exports/<str:task_id>/", exports.export_status, name="export-status"),
    path("exports/<str:task_id>/download/", exports.export_download, name="export-download"),
    path("dashboard/sitrep.docx", dashboard.sitrep_docx, name="dashboard-sitrep-docx"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", accounts.SignOutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", accounts.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("peaceops.accounts.urls")),
    path("mission/switch/", accounts.switch_mission, name="mission-switch"),
    path("", include("peaceops.web.people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("partners/", include("peaceops.partners.urls")),
]

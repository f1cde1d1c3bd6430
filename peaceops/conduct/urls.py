"""Conduct and discipline's pages under /conduct/ (docs/user/conduct.md): the cases (need-to-know), their
workflow and people, the statistics, the settings, referrals, and the prevention records. Each part adds its
own line here."""

from django.urls import include, path  # noqa: F401 - the parts' lines use both

urlpatterns = [
    path("", include("peaceops.conduct.workflow_urls")),  # cases/<uuid>/step/, settings/
    path("statistics/", include("peaceops.conduct.statistics_urls")),
    path("cases/<uuid:case_id>/people/", include(("peaceops.conduct.people_views", "case_people"))),
    path("", include("peaceops.conduct.prevention_views")),  # risk/, training/, measures/
    path("", include("peaceops.conduct.pages")),  # cases: the overview (conduct:overview)
    path("cases/", include("peaceops.conduct.views")),  # cases: list, pages, break-glass, assignments (cases:)
]

"""The force registry's pages under /force/: the overview (`force:overview`), the women, peace and security
figures (`force:wps`), the gender targets (`force:targets`); contingents, units, contributions."""

from django.urls import include, path

from . import pages
from .views import contingent_pages, contribution_pages, unit_pages

force_pages = [
    path("", pages.overview, name="overview"),
    path("wps/", pages.wps_figures, name="wps"),
    path("targets/", pages.targets, name="targets"),
]

urlpatterns = [
    path("", include((force_pages, "force"))),
    path("contingents/", include((contingent_pages.urls(), "contingents"))),
    path("units/", include((unit_pages.urls(), "units"))),
    path("contributions/", include((contribution_pages.urls(), "contributions"))),
]

"""The force registry's pages under /force/: contingents, units, contributions."""

from django.urls import include, path

from .views import contingent_pages, contribution_pages, unit_pages

urlpatterns = [
    path("contingents/", include((contingent_pages.urls(), "contingents"))),
    path("units/", include((unit_pages.urls(), "units"))),
    path("contributions/", include((contribution_pages.urls(), "contributions"))),
]

"""Conduct case pages (tests only: mounted by peaceops.urls when the tests-only app is installed)."""

from .pages import pages

app_name = "testrecords"
urlpatterns = pages.urls()

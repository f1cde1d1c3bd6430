"""The platform's URLs plus a view that fails and one that refuses without a reason
(tests/web/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from peaceops.urls import handler403, handler404, handler500
from peaceops.urls import urlpatterns as platform


def fails(request):
    raise RuntimeError("a fault in the platform")


def refuses(request):
    raise PermissionDenied


urlpatterns = [path("boom/", fails), path("refuse/", refuses), path("api/v1/boom", fails), *platform]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

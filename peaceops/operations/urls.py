"""The operations' pages under /operations/: patrols (with their run, report and track), saved routes,
checkpoint shifts."""

from django.urls import include, path

from .run_views import run_urls
from .tracks.pages import track_urls
from .views import patrol_pages, route_pages, shift_pages

urlpatterns = [
    path("patrols/", include(([*run_urls(), *track_urls(), *patrol_pages.urls()], "patrols"))),
    path("routes/", include((route_pages.urls(), "patrol_routes"))),
    path("checkpoint-shifts/", include((shift_pages.urls(), "checkpoint_shifts"))),
]

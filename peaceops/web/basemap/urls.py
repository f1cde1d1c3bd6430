"""Base map URLs under /basemap/: the maps' style, the archive's tiles, the label glyphs."""

from django.urls import path

from . import views

urlpatterns = [
    path("style.json", views.style, name="basemap-style"),
    path("glyphs/<str:fontstack>/<int:start>-<int:end>.pbf", views.glyphs, name="basemap-glyphs"),
    path("<str:version>/<int:z>/<int:x>/<int:y>.mvt", views.tile, name="basemap-tile"),
]

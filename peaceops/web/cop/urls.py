"""COP URLs: the page at `/` (name `cop`), its data endpoints (incidents and the risk layer) and the live stream under /cop/."""

from django.urls import path

from . import layers, live, views

urlpatterns = [
    path("", views.cop, name="cop"),
    path("cop/list/", views.incident_list, name="cop-list"),
    path("cop/hexes.geojson", views.hexes, name="cop-hexes"),
    path("cop/points.geojson", views.points, name="cop-points"),
    path("cop/risk.geojson", views.risk_layer, name="cop-risk"),
    path("cop/histogram.json", views.histogram, name="cop-histogram"),
    path("cop/live", live.live, name="cop-live"),
    path("cop/layers/<str:key>.geojson", layers.layer_geojson, name="cop-layer"),
]

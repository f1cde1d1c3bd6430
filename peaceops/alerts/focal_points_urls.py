"""Pages of community focal points under /alerts/focal-points/ (namespace "focal_points")."""

from .views import focal_point_pages

app_name = "focal_points"
urlpatterns = focal_point_pages.urls()

"""Pages of community alerts under /alerts/ (namespace "alerts"). The focal points' pages are mounted at
/alerts/focal-points/ with their own namespace ("focal_points": `focal_points_urls`)."""

from .views import pages

app_name = "alerts"
urlpatterns = pages.urls()

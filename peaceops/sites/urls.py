"""Site pages under /sites/."""

from .views import pages

app_name = "sites"
urlpatterns = pages.urls()

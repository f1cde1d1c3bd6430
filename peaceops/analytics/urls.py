"""Analytics pages: the dashboard's early-warning fragment."""

from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("early-warning/", views.early_warning, name="early-warning"),
]

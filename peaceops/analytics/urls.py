"""Analytics pages: the dashboard's early-warning and risk fragments."""

from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("early-warning/", views.early_warning, name="early-warning"),
    path("risk/", views.risk, name="risk"),
]

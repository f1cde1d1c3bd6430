"""Web pages (the COP and dashboards arrive with the web issue)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.home, name="home")]

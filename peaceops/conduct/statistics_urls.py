"""The conduct statistics page, /conduct/statistics/ (`conduct_statistics:page`)."""

from django.urls import path

from .statistics_views import statistics_page

app_name = "conduct_statistics"
urlpatterns = [path("", statistics_page, name="page")]

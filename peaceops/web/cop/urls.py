"""COP URLs: the page at `/` (name `cop`)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.cop, name="cop")]

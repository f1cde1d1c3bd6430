"""The workflow's pages under /conduct/ (namespace `conduct_workflow`): a case's steps, the mission's settings."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from .settings_views import settings_page
from .workflow_views import step_page, take_page

app_name = "conduct_workflow"
urlpatterns = [
    path("cases/<uuid:pk>/step/", login_required(step_page), name="step"),
    path("cases/<uuid:pk>/take/", login_required(take_page), name="take"),
    path("settings/", login_required(settings_page), name="settings"),
]

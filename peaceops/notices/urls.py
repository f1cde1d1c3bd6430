"""The notices' pages: notifications (`/notifications/`) and alert rules (`/subscriptions/`), mounted at the
site's root in peaceops/urls.py."""

from django.urls import path

from . import rule_views, views

app_name = "notices"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/", views.notification_open, name="open"),
    path("notifications/read-all/", views.notifications_read_all, name="read_all"),
    path("subscriptions/", rule_views.rule_list, name="rules"),
    path("subscriptions/new/", rule_views.rule_new, name="rule_new"),
    path("subscriptions/<int:pk>/pause/", rule_views.rule_pause, name="rule_pause"),
    path("subscriptions/<int:pk>/delete/", rule_views.rule_delete, name="rule_delete"),
]

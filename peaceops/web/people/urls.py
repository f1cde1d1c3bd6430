"""URLs of the people pages: People and roles of a mission, and Access explained."""

from django.urls import path

from . import views

urlpatterns = [
    path("missions/<str:code>/people/", views.people, name="people"),
    path("missions/<str:code>/people/<int:membership_id>/revoke/", views.revoke, name="people-revoke"),
    path("access/", views.access_explained, name="access-self"),
    path("access/<str:username>/", views.access_explained, name="access-explained"),
]

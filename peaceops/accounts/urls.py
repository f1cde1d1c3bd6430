"""Account pages under /accounts/ (sign-in itself lives in peaceops.web)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke-token"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("sign-ins/", views.sign_ins, name="sign-ins"),
    path("sign-ins/unlock/", views.unlock, name="unlock"),
]

"""Receivers of Django's auth signals: each sign-in, failed sign-in and sign-out becomes a SignInEvent, and a
fresh session learns whether it still owes a second factor."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import twofactor
from .choices import SignInOutcome
from .services import record_sign_in


@receiver(user_logged_in, dispatch_uid="peaceops.accounts.signed_in")
def signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    state = twofactor.state_for(user)
    if hasattr(request, "session"):
        request.session[twofactor.SESSION_KEY] = state
    record_sign_in(request=request, outcome=SignInOutcome.SUCCESS, user=user,
                   detail="second factor pending" if state == twofactor.VERIFY else "")


@receiver(user_login_failed, dispatch_uid="peaceops.accounts.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = (credentials or {}).get("username", "") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    record_sign_in(request=request, outcome=SignInOutcome.LOCKED_OUT if locked else SignInOutcome.BAD_PASSWORD,
                   username=username, user=user)


@receiver(user_logged_out, dispatch_uid="peaceops.accounts.signed_out")
def signed_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    record_sign_in(request=request, outcome=SignInOutcome.SIGN_OUT, user=user)

"""Names of the accounts app: what became of a sign-in attempt."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInOutcome(models.TextChoices):
    """The outcome recorded by a `SignInEvent`."""

    SUCCESS = "success", _("Signed in")
    BAD_PASSWORD = "bad_password", _("Wrong user name or password")
    LOCKED_OUT = "locked_out", _("Locked out")
    OTP_PASSED = "otp_passed", _("Second factor accepted")
    OTP_FAILED = "otp_failed", _("Second factor refused")
    SIGN_OUT = "sign_out", _("Signed out")
    UNLOCKED = "unlocked", _("Unlocked by an administrator")


#: Outcomes that are failures (shown in red, counted on the sign-ins page).
FAILED_OUTCOMES = frozenset({SignInOutcome.BAD_PASSWORD, SignInOutcome.LOCKED_OUT, SignInOutcome.OTP_FAILED})

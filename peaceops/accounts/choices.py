"""Names of the accounts app: what became of a sign-in attempt."""

from django.db import models


class SignInOutcome(models.TextChoices):
    """The outcome recorded by a `SignInEvent`."""

    SUCCESS = "success", "Signed in"
    BAD_PASSWORD = "bad_password", "Wrong user name or password"
    LOCKED_OUT = "locked_out", "Locked out"
    OTP_PASSED = "otp_passed", "Second factor accepted"
    OTP_FAILED = "otp_failed", "Second factor refused"
    SIGN_OUT = "sign_out", "Signed out"
    UNLOCKED = "unlocked", "Unlocked by an administrator"


#: Outcomes that are failures (shown in red, counted on the sign-ins page).
FAILED_OUTCOMES = frozenset({SignInOutcome.BAD_PASSWORD, SignInOutcome.LOCKED_OUT, SignInOutcome.OTP_FAILED})

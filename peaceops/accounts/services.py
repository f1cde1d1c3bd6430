"""Every change the accounts app makes: sign-in events, unlocking, two-factor enrolment."""

import datetime as dt

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from peaceops.core.access import missions_where
from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.models import Membership
from peaceops.core.permissions import Permission
from peaceops.core.services import PermissionDenied

from .choices import SignInOutcome
from .models import SignInEvent


def _client_ip(request) -> str | None:
    if request is None:
        return None
    try:
        return get_client_ip_address(request) or None
    except Exception:  # noqa: BLE001 - an odd address must never break a sign-in
        return request.META.get("REMOTE_ADDR") or None


def record_sign_in(*, request, outcome: SignInOutcome, username: str = "", user=None,
                   detail: str = "") -> SignInEvent:
    """Write one sign-in event (called from the auth signals and the second-factor page)."""
    if user is not None and not username:
        username = user.get_username()
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return SignInEvent.objects.create(
        time=timezone.now(), username=(username or "")[:150], user=user, ip_address=_client_ip(request),
        user_agent=agent[:300], outcome=outcome, detail=detail[:200],
    )


# --- lock-out ------------------------------------------------------------------------------------------------

def locked_usernames() -> list[str]:
    """User names locked out now by django-axes (failures at the limit within the cool-off time)."""
    from axes.models import AccessAttempt

    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    rows = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                        attempt_time__gte=since)
    return sorted({r.username for r in rows if r.username})


def may_unlock(acting_user, username: str) -> bool:
    """Superusers unlock anyone; holders of `accounts.unlock` in a mission (by default mission administrators)
    the members of that mission."""
    if acting_user is None or acting_user.is_superuser:
        return True
    administered = missions_where(acting_user, Permission.ACCOUNTS_UNLOCK)
    return Membership.objects.filter(mission_id__in=administered, user__username=username).exists()


@transaction.atomic
def unlock_user(*, username: str, acting_user=None, request=None) -> int:
    """Lift the django-axes lock-out of `username` (all addresses); returns how many attempt records went.

    `acting_user` None is an operator at the command line. Records an `unlocked` sign-in event.
    """
    from axes.utils import reset

    if not may_unlock(acting_user, username):
        raise PermissionDenied(f"you may not unlock {username}: not a member of a mission you administer",
                               gettext_lazy("You may not unlock %(username)s: they are not a member of a mission "
                                            "you administer."), username=username)
    removed = reset(username=username)
    user = get_user_model().objects.filter(username=username).first()
    by = getattr(acting_user, "username", None) or "operator (command line)"
    record_sign_in(request=request, outcome=SignInOutcome.UNLOCKED, username=username, user=user,
                   detail=f"by {by}")
    return removed


# --- two-factor enrolment ------------------------------------------------------------------------------------

def pending_device(user):
    """The unconfirmed TOTP device the user is enrolling with (made on first call; the secret stays the same
    until confirmed, so that a reload does not invalidate the code already scanned)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-created_at").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def _device_after(device) -> dict:
    """What the change log keeps of a device: never its key."""
    return {"user": device.user.username, "name": device.name, "confirmed": device.confirmed}


@transaction.atomic
def confirm_enrolment(*, device, code: str, acting_user=None) -> bool:
    """Confirm a pending device with a code from the authenticator; False when the code is wrong."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .twofactor import check_code

    if not check_code(device, code)[0]:
        return False
    before = _device_after(device)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    log_change(action=ChangeAction.UPDATE, obj=device, acting_user=acting_user or device.user, before=before,
               after=_device_after(device), reason="two-factor sign-in enrolled", publish=False)
    return True


@transaction.atomic
def remove_two_factor(*, user, acting_user=None) -> int:
    """Remove every TOTP device of `user` (e.g. a lost phone: an administrator does this, then the user
    enrols again). Returns how many went."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = list(TOTPDevice.objects.filter(user=user))
    for device in devices:
        log_change(action=ChangeAction.DELETE, obj=device, acting_user=acting_user, before=_device_after(device),
                   after=None, reason="two-factor sign-in removed", publish=False)
    TOTPDevice.objects.filter(user=user).delete()
    return len(devices)

"""Two-factor sign-in (TOTP, django-otp): who must use it, and the state of a session's second factor.

Policy:
- a user with a confirmed TOTP device gives a code after the password at every sign-in;
- a user holding, in any mission, a role that gives `incidents.incident.view_strictly_confidential` (permissions are
  data: see core.permissions), or a superuser, must enrol
  (settings.PEACEOPS_REQUIRE_TWO_FACTOR, on by default): after the password they are sent to enrolment
  and reach nothing else until done;
- such a user's bearer tokens work only when created after the enrolment (their device's creation), and no
  token is created for them before they enrol.

The session remembers the state under SESSION_KEY ("ok", "verify" or "enrol"), set at sign-in, so that a
request costs no query for it.
"""

import math
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

SESSION_KEY = "peaceops_2fa"
OK, VERIFY, ENROL = "ok", "verify", "enrol"
#: django-otp makes a device wait 1, 2, 4, 8... seconds after 1, 2, 3, 4... wrong codes in a row. A wait this
#: short is waited out before checking: a person who typed a wrong code and then at once the right one gets in
#: (the right code used to be refused as "too many wrong codes"). Longer waits still refuse, saying how long.
SHORT_WAIT_SECONDS = 2


def check_code(device, code: str) -> tuple[bool, int]:
    """Check a code of `device`'s authenticator (django-otp counts the failures and throttles): (accepted,
    seconds to wait before the next try when refused because the device is throttled, else 0)."""
    allowed, info = device.verify_is_allowed()
    locked_until = (info or {}).get("locked_until")
    if not allowed and locked_until is not None:
        wait = (locked_until - timezone.now()).total_seconds()
        if wait <= SHORT_WAIT_SECONDS:
            time.sleep(max(wait, 0) + 0.05)
            allowed, info = device.verify_is_allowed()
            locked_until = (info or {}).get("locked_until")
    if not allowed:
        wait = (locked_until - timezone.now()).total_seconds() if locked_until is not None else 1
        return False, max(1, math.ceil(wait))
    code = (code or "").strip()
    return code.isdigit() and device.verify_token(code), 0


def required_by_policy(user) -> bool:
    """True when this user must sign in with two factors (sees STRICTLY CONFIDENTIAL data)."""
    if not getattr(settings, "PEACEOPS_REQUIRE_TWO_FACTOR", True):
        return False
    if user.is_superuser:
        return True
    from peaceops.core.models import RolePermission
    from peaceops.core.permissions import Permission

    # Permissions are data: the roles that give `incidents.incident.view_strictly_confidential` today.
    sc_roles = RolePermission.objects.filter(permission=Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL)
    in_force = Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now())
    return user.memberships.filter(in_force, role__in=sc_roles.values("role")).exists()


def confirmed_device(user):
    """The user's confirmed TOTP device, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at").first()


def state_for(user) -> str:
    """What a freshly signed-in session of `user` still needs: OK, VERIFY (a code) or ENROL."""
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if required_by_policy(user) else OK


def token_refusal(user) -> str | None:
    """Why no token may be created for `user` now, or None."""
    if required_by_policy(user) and confirmed_device(user) is None:
        return (f"{user.username} sees STRICTLY CONFIDENTIAL data and must enrol in two-factor sign-in "
                "before an API token is created")
    return None


def refuse_token(sender, *, user, **kwargs) -> str | None:
    """The `token_requested` hook of core (connected in `AccountsConfig.ready`): `token_refusal(user)`."""
    return token_refusal(user)


def bearer_refusal(token) -> str | None:
    """Why this (valid, unexpired) token may not be used, or None: tokens of a user who must use two factors
    count only when created after their enrolment."""
    user = token.user
    if not required_by_policy(user):
        return None
    device = confirmed_device(user)
    if device is None or token.created_at < device.created_at:
        return ("this token's owner must sign in with two factors: use a token created after enrolling in "
                "two-factor sign-in")
    return None

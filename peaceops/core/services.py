"""Every change to missions, organisations, memberships and API tokens goes through these functions."""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .access import forget_access_profile
from .changelog import log_change, snapshot
from .choices import DEFAULT_TOKEN_SCOPES, ChangeAction, OrganisationType, Role, TokenScope
from .models import ApiToken, Membership, Mission, Organisation


class PermissionDenied(Exception):
    """The acting user may not do this; the message says why."""


@transaction.atomic
def create_mission(*, code: str, name: str, country_iso3: str = "", acting_user=None) -> Mission:
    """Create a mission (idempotent by code: an existing mission is returned unchanged)."""
    mission, created = Mission.objects.get_or_create(
        code=code, defaults={"name": name, "country_iso3": country_iso3}
    )
    if created:
        log_change(action=ChangeAction.CREATE, obj=mission, acting_user=acting_user, before=None,
                   after=snapshot(mission), publish=False)
        from peaceops.incidents.taxonomy import install_default_taxonomy

        install_default_taxonomy(mission)
    return mission


@transaction.atomic
def create_organisation(*, code: str, name: str, type: OrganisationType, acting_user=None) -> Organisation:
    """Create an organisation (idempotent by code)."""
    org, created = Organisation.objects.get_or_create(code=code, defaults={"name": name, "type": type})
    if created:
        log_change(action=ChangeAction.CREATE, obj=org, acting_user=acting_user, before=None,
                   after=snapshot(org), publish=False)
    return org


@transaction.atomic
def grant_role(*, user, mission: Mission, organisation: Organisation, role: Role, acting_user=None) -> Membership:
    """Give a user a role in a mission on behalf of an organisation (idempotent)."""
    membership, created = Membership.objects.get_or_create(
        user=user, mission=mission, organisation=organisation, role=role
    )
    if created:
        log_change(action=ChangeAction.CREATE, obj=membership, acting_user=acting_user, before=None,
                   after=snapshot(membership), publish=False)
    forget_access_profile(user)
    return membership


@transaction.atomic
def create_user(*, username: str, password: str | None, email: str = "", acting_user=None, **extra):
    """Create a user account (or return the existing one of that name, password unchanged)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email, **extra})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        log_change(action=ChangeAction.CREATE, obj=user, acting_user=acting_user, before=None,
                   after={"username": username, "email": email}, publish=False)
    return user


#: How long a new token lives unless told otherwise, and the longest it may live.
DEFAULT_TOKEN_LIFETIME = dt.timedelta(days=90)
MAX_TOKEN_LIFETIME = dt.timedelta(days=365)

_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


class TokenError(ValueError):
    """A token request that cannot be granted (unknown scope, bad lifetime...); the message says why."""


def parse_lifetime(text: str) -> dt.timedelta:
    """"30d", "12h" or "2w" -> a timedelta (at most MAX_TOKEN_LIFETIME)."""
    match = _DURATION.match(text or "")
    if not match:
        raise TokenError(f"lifetime {text!r}: write a number and h, d or w, e.g. 30d")
    lifetime = dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if lifetime <= dt.timedelta(0) or lifetime > MAX_TOKEN_LIFETIME:
        raise TokenError(f"lifetime {text!r}: must be between 1h and {MAX_TOKEN_LIFETIME.days}d")
    return lifetime


def clean_scopes(scopes) -> list[str]:
    """The scopes asked for, checked against `TokenScope` (commas or spaces separate them); none -> defaults."""
    wanted = [s for item in (scopes or []) for s in re.split(r"[,\s]+", str(item)) if s]
    if not wanted:
        return [str(s) for s in DEFAULT_TOKEN_SCOPES]
    unknown = [s for s in wanted if s not in TokenScope.values]
    if unknown:
        raise TokenError(f"unknown scope {unknown[0]!r}; known: {', '.join(TokenScope.values)}")
    return list(dict.fromkeys(wanted))


def _token_after(token: ApiToken) -> dict:
    """What the change log keeps of a token: never the secret nor its hash."""
    return {"user": token.user.username, "name": token.name, "prefix": token.prefix, "scopes": token.scopes,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None, "revoked": token.revoked}


@transaction.atomic
def create_api_token(*, user, name: str = "", scopes=None, lifetime: dt.timedelta | None = None,
                     acting_user=None) -> tuple[ApiToken, str]:
    """Create a bearer token for `user`; returns the token row and the secret, which is shown only once.

    Scopes default to DEFAULT_TOKEN_SCOPES and the lifetime to DEFAULT_TOKEN_LIFETIME. A user who must sign in
    with two factors gets a token only once enrolled (see peaceops.accounts.twofactor).
    """
    from peaceops.accounts.twofactor import token_refusal

    scope_list = clean_scopes(scopes)
    lifetime = lifetime or DEFAULT_TOKEN_LIFETIME
    if lifetime > MAX_TOKEN_LIFETIME:
        raise TokenError(f"a token may live at most {MAX_TOKEN_LIFETIME.days} days")
    refusal = token_refusal(user)
    if refusal:
        raise TokenError(refusal)
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8], scopes=" ".join(scope_list),
        expires_at=timezone.now() + lifetime,
    )
    log_change(action=ChangeAction.CREATE, obj=token, acting_user=acting_user, before=None,
               after=_token_after(token), publish=False)
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, acting_user=None, reason: str = "") -> ApiToken:
    """Revoke a token: from now on it answers 401. Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked:
        return token
    before = _token_after(token)
    token.revoked, token.revoked_at = True, timezone.now()
    token.save(update_fields=["revoked", "revoked_at"])
    log_change(action=ChangeAction.UPDATE, obj=token, acting_user=acting_user, before=before,
               after=_token_after(token), reason=reason, publish=False)
    return token


def user_for_token(key: str):
    """The active user owning this unrevoked, unexpired bearer token, or None."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked=False, user__is_active=True)
        .first()
    )
    return token.user if token and not token.is_expired() else None

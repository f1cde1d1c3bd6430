"""Every change to missions, organisations, memberships and API tokens goes through these functions."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .access import forget_access_profile
from .changelog import log_change, snapshot
from .choices import ChangeAction, OrganisationType, Role
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


@transaction.atomic
def create_api_token(*, user, name: str = "", acting_user=None) -> tuple[ApiToken, str]:
    """Create a bearer token for `user`; returns the token row and the secret, which is shown only once."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8])
    log_change(action=ChangeAction.CREATE, obj=token, acting_user=acting_user, before=None,
               after={"user": user.username, "name": name, "prefix": token.prefix}, publish=False)
    return token, key


def user_for_token(key: str):
    """The active user owning this bearer token, or None."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked=False, user__is_active=True)
        .first()
    )
    return token.user if token else None

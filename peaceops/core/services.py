"""Every change to missions, organisations, memberships (roles) and API tokens goes through these functions."""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .access import access_profile, forget_access_profile
from .changelog import log_change, snapshot
from .choices import DEFAULT_TOKEN_SCOPES, ChangeAction, OrganisationType, Role, TokenScope
from .hooks import mission_created, token_requested
from .models import ApiToken, Membership, Mission, Organisation, Participation, RolePermission
from .participation import administers, takes_part
from .permissions import Permission
from .refusals import record_refusal


class PermissionDenied(Exception):
    """The acting user may not do this. One refusal is read two ways:

    - `str(error)`: why, in English, naming the user and what they lack ("kfor-watch lacks
      incidents.change_own_org in this mission"): the API's `detail`, the ledger's refusal entry, commands and
      logs, which stay stable and English;
    - `error.message`: the same said to the user in their language and a watch officer's words ("You may not
      change incidents of UNMIK in this mission."), for the 403 page. It is `said`, a text marked for
      translation (`gettext_lazy`) whose named placeholders are filled from the keyword arguments when it is
      read; a refusal raised without `said` shows its English.

        raise PermissionDenied(f"{user} lacks {code} in this mission",
                               gettext_lazy("You may not change %(records)s in this mission."), records=...)
    """

    def __init__(self, detail: str, said=None, /, **params):
        super().__init__(detail)
        self.said, self.params = said, params

    @property
    def message(self) -> str:
        """Why, in the active language (the English `str(error)` when the refusal has no `said`)."""
        if self.said is None:
            return str(self)
        text = str(self.said)
        return text % self.params if self.params else text


def refuse(acting_user, message: str, said=None, /, *, action: str, target: str, mission: Mission | None = None,
           **params) -> PermissionDenied:
    """Record the refusal in the ledger (its English `message`) and return the `PermissionDenied` to raise
    (`raise refuse(...)`), which says `said` (with `params`) to the user."""
    record_refusal(acting_user, action=action, target=target, reason=message,
                   mission_id=mission.pk if mission is not None else None)
    return PermissionDenied(message, said, **params)


@transaction.atomic
def create_mission(*, code: str, name: str, country_iso3: str = "", acting_user=None) -> Mission:
    """Create a mission (idempotent by code: an existing mission is returned unchanged). A new mission is
    announced by the `mission_created` hook in this transaction, where the domain apps install their defaults
    (incidents: the default taxonomy)."""
    mission, created = Mission.objects.get_or_create(
        code=code, defaults={"name": name, "country_iso3": country_iso3}
    )
    if created:
        log_change(action=ChangeAction.CREATE, obj=mission, acting_user=acting_user, before=None,
                   after=snapshot(mission), publish=False)
        mission_created.send(sender=Mission, mission=mission, acting_user=acting_user)
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
def enrol_organisation(*, mission: Mission, organisation: Organisation, administered_by: Organisation | None = None,
                       acting_user=None) -> Participation:
    """Make an organisation take part in a mission (idempotent: an existing participation is returned unchanged).
    `administered_by`: whose role managers grant its roles there (default: the organisation itself). The
    operators' door (CLI, demo loader, `grant_role`); superusers do it in the admin."""
    participation, created = Participation.objects.get_or_create(
        mission=mission, organisation=organisation, defaults={"administered_by": administered_by or organisation})
    if created:
        log_change(action=ChangeAction.CREATE, obj=participation, acting_user=acting_user, before=None,
                   after=snapshot(participation), publish=False)
    return participation


class RoleChangeError(ValueError):
    """A role change that cannot be made as asked (unknown role, missing reason, end in the past...)."""


@transaction.atomic
def grant_role(*, user, mission: Mission, organisation: Organisation, role: Role, acting_user=None,
               ends_at=None, reason: str = "") -> Membership:
    """Give a user a role in a mission on behalf of an organisation (idempotent; a new `ends_at` replaces the
    old one). This is the operators' door (CLI, demo loader, fixtures): it checks no authority. Pages and
    anything acting for a person use `admin_grant_role`, which does."""
    if role not in Role.values:
        raise RoleChangeError(f"{role!r} is not a role; roles are: {', '.join(Role.values)}")
    if ends_at is not None and ends_at <= timezone.now():
        raise RoleChangeError("the end of a temporary role must be in the future")
    enrol_organisation(mission=mission, organisation=organisation, acting_user=acting_user)
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, mission=mission, organisation=organisation, role=role, defaults={"ends_at": ends_at}
    )
    if created:
        log_change(action=ChangeAction.CREATE, obj=membership, acting_user=acting_user, before=None,
                   after=snapshot(membership), reason=reason, publish=False)
    elif membership.ends_at != ends_at:
        before = snapshot(membership)
        membership.ends_at = ends_at
        membership.save(update_fields=["ends_at"])
        log_change(action=ChangeAction.UPDATE, obj=membership, acting_user=acting_user, before=before,
                   after=snapshot(membership), reason=reason, publish=False)
    forget_access_profile(user)
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, acting_user=None, reason: str) -> None:
    """Take a role away (the operators' door; `admin_revoke_role` checks authority). A reason is required."""
    if not (reason or "").strip():
        raise RoleChangeError("say why the role is revoked (a reason is required)")
    before, pk = snapshot(membership), membership.pk
    membership.delete()
    membership.pk = pk
    log_change(action=ChangeAction.DELETE, obj=membership, acting_user=acting_user, before=before, after=None,
               reason=reason.strip(), publish=False)
    forget_access_profile(membership.user)


def require_role_manager(acting_user, mission: Mission, *, action: str = "change_role", target: str = "") -> None:
    """Refuse (audited) unless `acting_user` may grant and revoke roles in `mission` (mission.manage_roles)."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False) or not acting_user.is_active:
        raise PermissionDenied("only a signed-in, active user may change roles",
                               gettext_lazy("Sign in to change roles."))
    if not access_profile(acting_user).has_perm(mission.pk, Permission.MISSION_MANAGE_ROLES):
        raise refuse(acting_user, f"{acting_user} may not grant or revoke roles in mission {mission.code}",
                     gettext_lazy("You may not give or take away roles in %(mission_code)s."),
                     mission_code=mission.code, action=action, target=target or f"roles of {mission.code}", mission=mission)


def require_participation_admin(acting_user, mission: Mission, organisation: Organisation, *, action: str,
                                target: str) -> None:
    """Refuse (audited) unless `acting_user` may grant and revoke roles of `organisation` in `mission`: they
    hold mission.manage_roles there and administer the organisation's participation (`core.participation`).
    An organisation that does not take part in the mission is refused as input (RoleChangeError)."""
    require_role_manager(acting_user, mission, action=action, target=target)
    if not takes_part(mission, organisation):
        raise RoleChangeError(f"organisation {organisation.code} does not take part in mission {mission.code}")
    if not administers(acting_user, mission, organisation):
        raise refuse(acting_user, f"{acting_user} does not administer {organisation.code}'s participation in "
                     f"{mission.code}: only its own role managers (or a superuser) grant or revoke its roles",
                     gettext_lazy("Only those who manage the roles of %(organisation)s in %(mission_code)s may "
                                  "give or take away its roles."),
                     organisation=organisation.code, mission_code=mission.code,
                     action=action, target=target, mission=mission)


def check_grant(*, acting_user, user, mission: Mission, organisation: Organisation, role: Role) -> None:
    """Refuse (audited) unless `acting_user` may grant `role` to `user` in `mission` on behalf of
    `organisation` (what `admin_grant_role` checks; callers inside a transaction check first with this)."""
    require_participation_admin(acting_user, mission, organisation, action="grant_role",
                                target=f"{role} for {user} in {mission.code} on behalf of {organisation.code}")


def check_revoke(membership: Membership, *, acting_user) -> None:
    """Refuse (audited) unless `acting_user` may revoke `membership` (what `admin_revoke_role` checks). Nobody
    revokes their own role-managing role: another administrator (or an operator) must, so a mission is never
    left without one by a slip."""
    target = (f"{membership.role} of {membership.user} in {membership.mission.code} on behalf of "
              f"{membership.organisation.code}")
    require_participation_admin(acting_user, membership.mission, membership.organisation, action="revoke_role",
                                target=target)
    if membership.user_id == acting_user.pk and not acting_user.is_superuser and RolePermission.objects.filter(
        role=membership.role, permission=Permission.MISSION_MANAGE_ROLES
    ).exists():
        raise refuse(acting_user, "you may not revoke your own role that lets you manage roles; ask another "
                     "administrator",
                     gettext_lazy("You may not take away your own role that lets you manage roles: ask another "
                                  "administrator."),
                     action="revoke_role", target=target, mission=membership.mission)


def admin_grant_role(*, acting_user, user, mission: Mission, organisation: Organisation, role: Role,
                     ends_at=None, reason: str = "") -> Membership:
    """What a mission administrator does on the People and roles page (and the admin site): grant a role in
    their mission, on behalf of an organisation whose participation they administer only."""
    check_grant(acting_user=acting_user, user=user, mission=mission, organisation=organisation, role=role)
    if not user.is_active:
        raise RoleChangeError(f"{user} is inactive")
    return grant_role(user=user, mission=mission, organisation=organisation, role=role,
                      acting_user=acting_user, ends_at=ends_at, reason=reason)


def admin_revoke_role(membership: Membership, *, acting_user, reason: str) -> None:
    """Revoke a role the acting user may revoke (`check_revoke`); a reason is required."""
    check_revoke(membership, acting_user=acting_user)
    revoke_role(membership, acting_user=acting_user, reason=reason)


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
    with two factors gets a token only once enrolled: the `token_requested` hook asks the apps above
    (accounts answers with its two-factor policy).
    """
    scope_list = clean_scopes(scopes)
    lifetime = lifetime or DEFAULT_TOKEN_LIFETIME
    if lifetime > MAX_TOKEN_LIFETIME:
        raise TokenError(f"a token may live at most {MAX_TOKEN_LIFETIME.days} days")
    refusal = next((reason for _, reason in token_requested.send(sender=ApiToken, user=user) if reason), None)
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

"""How far an administrator reaches beyond roles: which organisations and accounts they may change.

- An organisation may be renamed or retyped only by someone who administers its participation in every
  mission it takes part in (`core.participation`): a shared organisation (OCHA in two missions) or a partner
  administering its own participation (KFOR) is the superusers' (or its own administrators') to change.
- An account may be changed (name, e-mail, password, active) only when every role it holds is in a
  participation the administrator administers; never a superuser's, a staff account's, or a service account's.
- A service account is an account with no usable password: it signs in by API token only, or not at all (the
  demo's loader). Nobody takes it over from a mission's pages.
Superusers reach everything.
"""

from .models import Membership, Participation
from .participation import administered_participations


def is_service_account(account) -> bool:
    """An account with no usable password (it acts through tokens or operators' commands, never signs in)."""
    return not account.has_usable_password()


def may_change_organisation(user, organisation) -> bool:
    """Whether `user` may rename or retype `organisation` (see the module docstring)."""
    pairs = administered_participations(user)
    if pairs is None:
        return True
    held = set(Participation.objects.filter(organisation=organisation).values_list("mission_id", "organisation_id"))
    return held <= pairs


def may_change_account(user, account) -> bool:
    """Whether `user` may change `account` (see the module docstring)."""
    pairs = administered_participations(user)
    if pairs is None:
        return True
    if account.is_superuser or account.is_staff or is_service_account(account):
        return False
    roles = set(Membership.objects.filter(user=account).values_list("mission_id", "organisation_id"))
    return roles <= pairs

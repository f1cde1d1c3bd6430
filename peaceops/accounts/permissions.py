"""The accounts' permission codes, registered with the core registry (found by `registry.discover()`)."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.permissions import ADMINISTRATORS, Permission, registry

registry.register(Permission.ACCOUNTS_VIEW_SIGN_INS,
                  _("See the sign-in events of the members of the mission"), app="accounts", roles=ADMINISTRATORS)
registry.register(Permission.ACCOUNTS_UNLOCK,
                  _("Lift the sign-in lock-out of the members of the mission"), app="accounts", roles=ADMINISTRATORS)

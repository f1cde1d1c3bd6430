"""The sharing permission codes, registered with the core registry (found by `registry.discover()`)."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.permissions import REPORTING_ROLES, Permission, registry

registry.register(Permission.SHARING_RELEASE, _("Release records of one's organisations to other organisations"),
                  app="sharing", roles=REPORTING_ROLES)

"""Messaging's permission codes (found by `registry.discover()`): phone numbers are personal data, seen in full
only by holders of `messaging.view_phone_numbers` in the message's mission; everyone else sees them masked."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import registry

VIEW_PHONE_NUMBERS = registry.register(
    "messaging.view_phone_numbers",
    _("See the phone numbers of people who sent or receive messages (personal data), in full"),
    app="messaging", roles={Role.WATCH_OFFICER, Role.MISSION_ADMIN})

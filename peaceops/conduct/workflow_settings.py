"""The door for a mission's conduct settings (`ConductSettings`: the days of each workflow step, how long before
a deadline assignees are reminded, the statistics' suppression threshold): holders of `conduct.settings.change`
in the mission change them, each change with its change-log entry in the same transaction."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied

from .models import ConductSettings
from .permissions import SETTINGS_CHANGE
from .services import settings_of

#: The settings a holder of `conduct.settings.change` writes, with the largest value each takes.
SETTING_FIELDS = {
    "assessment_days": 365,
    "referral_days": 365,
    "nio_days": 365,
    "investigation_days": 3650,
    "outcome_days": 3650,
    "remind_days": 365,
    "suppression_threshold": 100,
}


def may_change_settings(user, mission) -> bool:
    return access_profile(user).has_perm(mission.pk, SETTINGS_CHANGE)


def as_data(conduct: ConductSettings) -> dict:
    return {name: getattr(conduct, name) for name in SETTING_FIELDS}


def change_settings(mission, *, acting_user, changes: dict, reason: str = "") -> ConductSettings:
    """Set some of the mission's conduct settings (whole numbers, within their bounds; the threshold at least 1);
    a change that changes nothing writes nothing. Raises `PermissionDenied` or `FieldError` naming the field."""
    if not may_change_settings(acting_user, mission):
        raise PermissionDenied(
            f"{acting_user} lacks {SETTINGS_CHANGE} in {mission.code}",
            _("You may not change the conduct settings of this mission."),
        )
    clean = {}
    for name, value in changes.items():
        if name not in SETTING_FIELDS:
            raise FieldError(name, _("is not a conduct setting"))
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise FieldError(name, _("is not a whole number")) from None
        low = 1 if name in ("suppression_threshold", "investigation_days") else 0
        if not low <= value <= SETTING_FIELDS[name]:
            raise FieldError(
                name, _("must be between %(low)d and %(high)d"), low=low, high=SETTING_FIELDS[name]
            )
        clean[name] = value
    with transaction.atomic():
        conduct = ConductSettings.objects.select_for_update().get(pk=settings_of(mission).pk)
        before = as_data(conduct)
        for name, value in clean.items():
            setattr(conduct, name, value)
        if as_data(conduct) == before:
            return conduct
        conduct.save()
        log_change(
            action=ChangeAction.UPDATE,
            obj=conduct,
            acting_user=acting_user,
            before=before,
            after=as_data(conduct),
            reason=reason or "conduct settings changed",
        )
    return conduct

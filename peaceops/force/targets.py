"""The one door for changing the mission's gender targets (`GenderTarget`, a plain model): `set_gender_target`
checks the permission, writes and logs the change in one transaction."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.permissions import has_perm
from peaceops.core.services import PermissionDenied

from .choices import PersonnelCategory
from .models import YEAR, GenderTarget
from .permissions import GENDER_TARGET_CHANGE


def _share(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        share = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise FieldError("share", _("must be a number")) from None
    if not 0 <= share <= 100:
        raise FieldError("share", _("must be between %(low)s and %(high)s"), low=0, high=100)
    return share


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise FieldError("year", _("must be a year")) from None
    low, high = YEAR[0].limit_value, YEAR[1].limit_value
    if not low <= year <= high:
        raise FieldError("year", _("must be between %(low)s and %(high)s"), low=low, high=high)
    return year


@transaction.atomic
def set_gender_target(*, acting_user, mission, year, personnel_category: str, share, reason: str = ""
                      ) -> GenderTarget | None:
    """Set the mission's target share of women (%) for `personnel_category` in `year`; a blank `share` removes
    the target ("no target set"). Needs `force.gender_target.change` in the mission. Setting the value it
    already has writes nothing. Returns the target (None once removed)."""
    if not has_perm(acting_user, mission.pk, GENDER_TARGET_CHANGE):
        raise PermissionDenied(f"{acting_user} lacks {GENDER_TARGET_CHANGE} in {mission.code}",
                               _("You may not set the gender targets of this mission."))
    year = _year(year)
    if personnel_category not in PersonnelCategory.values:
        raise FieldError("personnel_category", _("is not a personnel category"))
    share = _share(share)
    target = (GenderTarget.objects.select_for_update()
              .filter(mission=mission, year=year, personnel_category=personnel_category).first())
    before = snapshot(target) if target else None
    if target is None and share is None:
        return None
    if share is None:
        pk = target.pk
        target.delete()
        target.pk = pk
        log_change(action=ChangeAction.DELETE, obj=target, acting_user=acting_user, before=before, after=None,
                   reason=reason, publish=False)
        return None
    if target is not None and target.share == share:
        return target
    if target is None:
        target = GenderTarget(mission=mission, year=year, personnel_category=personnel_category)
    target.share = share
    target.save()
    log_change(action=ChangeAction.UPDATE if before else ChangeAction.CREATE, obj=target, acting_user=acting_user,
               before=before, after=snapshot(target), reason=reason, publish=False)
    return target

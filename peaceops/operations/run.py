"""A patrol's run: the steps it takes from planned to under way to completed or aborted (or from planned to
cancelled), `choices.PATROL_STEPS`, each a change of the patrol written with its change-log entry in one
transaction (`step`). Who may change the patrol (`operations.patrol.change`, owner-scoped as the kit has it) may
step it; cancelling and aborting need a reason. A patrol that completes has its related incidents proposed
(`linking.propose`) once the step commits."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import BOOKKEEPING

from .choices import NEEDS_REASON, PATROL_STEPS, PatrolStatus
from .models import Patrol
from .services import PatrolService


def may_step(user, patrol) -> bool:
    """Whether `user` may run `patrol` (start, complete, abort, cancel): who may change it."""
    return PatrolService().may(user, patrol.mission_id, "change", patrol.owner_id)


def next_steps(patrol) -> list[str]:
    """The statuses the patrol may step to from where it is."""
    return sorted(PATROL_STEPS.get(PatrolStatus(patrol.status), ()))


def set_fields(patrol, *, acting_user, reason: str = "", **changes) -> Patrol:
    """Change fields of a patrol that are not its service's (status, times) with one change-log entry, the
    patrol locked; a change that changes nothing writes nothing. The caller checks permission."""
    service = PatrolService()
    with transaction.atomic():
        locked = Patrol.objects.select_for_update().get(pk=patrol.pk)
        before = service.snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.updated_by = acting_user if getattr(acting_user, "pk", None) else None
        locked.save()
        after = service.snapshot(locked)
        if {k: v for k, v in before.items() if k not in BOOKKEEPING} == \
                {k: v for k, v in after.items() if k not in BOOKKEEPING}:
            transaction.set_rollback(True)
            return patrol
        log_change(action=ChangeAction.UPDATE, obj=locked, acting_user=acting_user, before=before, after=after,
                   reason=reason)
    return locked


def step(patrol, to: str, *, acting_user, reason: str = "", at=None) -> Patrol:
    """Move the patrol to status `to` (see the module docstring). Raises `PermissionDenied` (who may not change
    the patrol), `FieldError("to")` (a step the patrol may not make from where it is) or `FieldError("reason")`
    (cancelling or aborting without one). Sets `started_at` on starting, `ended_at` on completing or aborting
    (`at`, default now)."""
    service = PatrolService()
    service.require(acting_user, patrol.mission_id, "change", patrol.owner_id, record=patrol)
    reason = (reason or "").strip()
    if to not in PatrolStatus.values:
        raise FieldError("to", _("must be one of %(allowed)s"), allowed=", ".join(PatrolStatus.values))
    with transaction.atomic():
        current = Patrol.objects.select_for_update().get(pk=patrol.pk)
        if to not in PATROL_STEPS[PatrolStatus(current.status)]:
            raise FieldError("to", _("a %(status)s patrol cannot become %(to)s"),
                             status=current.get_status_display(), to=PatrolStatus(to).label)
        if to in NEEDS_REASON and not reason:
            raise FieldError("reason", _("is required to cancel or abort a patrol"))
        now = at or timezone.now()
        changes = {"status": to, "status_reason": reason if to in NEEDS_REASON else current.status_reason}
        if to == PatrolStatus.UNDER_WAY:
            changes["started_at"] = now
        elif to in (PatrolStatus.COMPLETED, PatrolStatus.ABORTED):
            changes["ended_at"] = now
        stepped = set_fields(current, acting_user=acting_user, reason=reason or f"patrol {to}", **changes)
        if to == PatrolStatus.COMPLETED:
            from .linking import propose_later

            propose_later(stepped)
    return stepped

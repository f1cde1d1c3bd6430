"""Deadlines of conduct cases: the worker reminds a case's assignees before its step is due, and escalates it
when the step is overdue.

The worker sweeps every 15 minutes (`conduct_deadlines_task`, schedule "conduct.deadlines"; `sweep(now)` is the
work). For each open case with a deadline (`Case.step_due_at`, set by `workflow.step` from the mission's
`ConductSettings`):
- `remind_days` before it is due, each user assigned to the case is told, once (`reminded_at`);
- once it is overdue, each holder of `conduct.case.supervise` in the mission is assigned to the case
  (`core.assignments.assign`, system, reason "escalated: <step> overdue", so the notification's link opens
  for them) and told, once (`escalated_at`).
A step taken clears both marks, and its new deadline is watched afresh. A second sweep (or a second worker: the
marks are set by a conditional update) does nothing.

The notifications name the case's reference, its step and the deadline: never its summary, nor anyone's name.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from peaceops.core.assignments import assign, assignments_of
from peaceops.core.models import Membership, Mission, RolePermission
from peaceops.notices.services import notify
from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

from .choices import CaseStatus
from .models import Case
from .services import settings_of

#: How often the worker sweeps for deadlines.
SWEEP_EVERY = dt.timedelta(minutes=15)
SUPERVISE = "conduct.case.supervise"
REMINDER = "conduct-reminder"
ESCALATION = "conduct-escalation"


@background_task(max_attempts=1)
def conduct_deadlines_task() -> dict:
    """The worker's task: remind and escalate the conduct cases whose deadlines come or passed (`sweep`)."""
    return sweep()


def register_schedule() -> None:
    schedule.register(conduct_deadlines_task, every=SWEEP_EVERY, name="conduct.deadlines")


def sweep(now: dt.datetime | None = None) -> dict:
    """Remind and escalate every case due by `now` (module docstring); returns how many of each."""
    now = now or timezone.now()
    watched = Case.objects.exclude(status=CaseStatus.CLOSED).filter(step_due_at__isnull=False)
    done = {"reminded": 0, "escalated": 0}
    for mission_id in watched.values_list("mission_id", flat=True).distinct().order_by():
        mission = Mission.objects.get(pk=mission_id)
        ahead = dt.timedelta(days=settings_of(mission).remind_days)
        mine = watched.filter(mission_id=mission_id).select_related("mission")
        for case in mine.filter(escalated_at__isnull=True, step_due_at__lte=now).order_by("step_due_at"):
            done["escalated"] += escalate(case, now=now)
        for case in mine.filter(
            reminded_at__isnull=True,
            escalated_at__isnull=True,
            step_due_at__gt=now,
            step_due_at__lte=now + ahead,
        ).order_by("step_due_at"):
            done["reminded"] += remind(case, now=now)
    return done


def remind(case, *, now) -> bool:
    """Tell the case's assignees its step is due soon (False: another sweep did)."""
    with transaction.atomic():
        if not Case.objects.filter(pk=case.pk, reminded_at__isnull=True).update(reminded_at=now):
            return False
        text = _wording(
            case, gettext_noop("Conduct case %(reference)s: the step “%(step)s” is due %(due)s UTC.")
        )
        for row in assignments_of(case).filter(user__is_active=True):
            notify(
                row.user, kind=REMINDER, text=text, url=case_path(case), mission=case.mission, related=case
            )
    return True


def escalate(case, *, now) -> bool:
    """Assign the mission's supervisors to the overdue case and tell them (False: another sweep did)."""
    with transaction.atomic():
        if not Case.objects.filter(pk=case.pk, escalated_at__isnull=True).update(escalated_at=now):
            return False
        step = CaseStatus(case.status).label
        text = _wording(
            case,
            gettext_noop(
                "Conduct case %(reference)s: the step “%(step)s” is overdue since "
                "%(due)s UTC. You are assigned to it."
            ),
        )
        for user in supervisors(case.mission):
            assign(case, user=user, acting_user=None, system=True, reason=f"escalated: {step} overdue")
            notify(user, kind=ESCALATION, text=text, url=case_path(case), mission=case.mission, related=case)
    return True


def supervisors(mission) -> list:
    """The active users holding `conduct.case.supervise` in the mission (by a role in force)."""
    from django.contrib.auth import get_user_model

    giving = RolePermission.objects.filter(permission=SUPERVISE).values("role")
    holding = Membership.objects.filter(user=OuterRef("pk"), mission_id=mission.pk, role__in=giving).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now())
    )
    return list(get_user_model().objects.filter(is_active=True).filter(Exists(holding)).order_by("pk"))


def case_path(case) -> str:
    """The case's workflow page (its timeline and step form)."""
    return reverse("conduct_workflow:step", args=[case.pk])


def _wording(case, sentence: str) -> str:
    """The sentence with the case's reference, step and deadline, in the platform's language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(sentence) % {
            "reference": case.reference,
            "step": str(CaseStatus(case.status).label),
            "due": case.step_due_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
        }

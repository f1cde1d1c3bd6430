"""A conduct case's workflow: the steps it takes, in order, each with its reason and its deadline.

    received -> assessment (preliminary assessment) -> referred -> investigation -> outcome -> closed
                assessment -> closed (nothing to investigate)

`step(case, acting_user=..., to=..., reason=..., **fields)` is the one door: who reads the case
(`Case.objects.visible_to`) and holds `conduct.case.change` moves it one step, giving the reason (required) and
what the step records:
- referred: `investigator` (OIOS; the contributing country, asked to appoint a national investigation officer
  (NIO) within the mission's `nio_days`: `nio_requested_on`, default today; the mission's own investigators,
  for category II only), `category`;
- investigation: `investigation_started_on` (default today), `nio_appointed` (the country's answer);
- outcome: `outcome` (substantiated, unsubstantiated, insufficient information), `results` rows,
  `investigation_ended_on` (default today; the investigation's days are counted from the dates),
  `criminal_referral`;
- closed: `closed_on` (default today), `criminal_referral`; a substantiated case closes only with a final action.
Interim actions (`interim_actions`: repatriation, suspension of payments...) are recorded at any step before
the outcome, final actions (`final_actions`) from the outcome on: rows `{label, taken_by, count, taken_on}`.

A case without an owner (a referral, an anonymous report, a case from an alert) is taken by the first conduct
officer assigned to it who steps it (`CaseService.may_take`): they become its `lead_officer` in the same change.
Each step writes the case (status, fields, children) with its change-log entry and a `CaseStep` row (status,
when, by whom, why, due) in one transaction, and sets the case's `step_due_at` from the mission's
`ConductSettings` (clearing `reminded_at`/`escalated_at`, so `deadlines.sweep` reminds and escalates afresh).
An impossible move is refused with `FieldError("to")`; a bad value with a `FieldError` naming its field.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied

from .choices import (
    ActionBy,
    ActionStage,
    Answer,
    CaseStatus,
    Category,
    IntakeChannel,
    Investigator,
    NioAnswer,
    Outcome,
)
from .models import Case, CaseAction, CaseResult, CaseStep
from .services import CaseService, settings_of

S = CaseStatus
#: The steps a case may take from where it stands.
STEPS = {
    S.RECEIVED: (S.ASSESSMENT,),
    S.ASSESSMENT: (S.REFERRED, S.CLOSED),
    S.REFERRED: (S.INVESTIGATION,),
    S.INVESTIGATION: (S.OUTCOME,),
    S.OUTCOME: (S.CLOSED,),
    S.CLOSED: (),
}
#: The fields each step records (besides interim and final actions).
STEP_FIELDS = {
    S.ASSESSMENT: ("category",),
    S.REFERRED: ("investigator", "category", "nio_requested_on"),
    S.INVESTIGATION: ("investigation_started_on", "nio_appointed"),
    S.OUTCOME: ("outcome", "results", "investigation_ended_on", "criminal_referral"),
    S.CLOSED: ("closed_on", "criminal_referral"),
}
#: The outcomes an investigation may reach.
OUTCOMES = (Outcome.SUBSTANTIATED, Outcome.UNSUBSTANTIATED, Outcome.INSUFFICIENT_INFORMATION)
#: Who the contributing country investigates with (they are asked to appoint an NIO).
BY_COUNTRY = (Investigator.TCC, Investigator.TCC_OIOS)
INVESTIGATORS = (Investigator.OIOS, *BY_COUNTRY, Investigator.MISSION)
CHOICES = {
    "category": Category.values,
    "investigator": INVESTIGATORS,
    "nio_appointed": NioAnswer.values,
    "outcome": OUTCOMES,
    "criminal_referral": Answer.values,
}
DATES = ("nio_requested_on", "investigation_started_on", "investigation_ended_on", "closed_on")


def next_steps(case) -> tuple[str, ...]:
    """The statuses `case` may step to from where it stands."""
    return STEPS[S(case.status)]


def may_step(user, case) -> bool:
    """Whether `user` may step `case` (reading it is the caller's check)."""
    return CaseService().may(user, case.mission_id, "change", case.owner_id)


def due_days(case, conduct) -> int | None:
    """How many days the mission gives the step `case` stands at (a case referred to the contributing country:
    the days it has to appoint an NIO); None: no deadline."""
    status = S(case.status)
    if status == S.REFERRED and case.investigator in BY_COUNTRY:
        return conduct.nio_days
    return {
        S.RECEIVED: conduct.assessment_days,
        S.ASSESSMENT: conduct.assessment_days,
        S.REFERRED: conduct.referral_days,
        S.INVESTIGATION: conduct.investigation_days,
        S.OUTCOME: conduct.outcome_days,
    }.get(status)


def investigation_days(case, today: dt.date | None = None) -> int | None:
    """The investigation's days: from its start until its end, or until today while it runs."""
    if not case.investigation_started_on:
        return case.investigation_days
    end = case.investigation_ended_on or today or timezone.now().date()
    return max((end - case.investigation_started_on).days, 0)


def _date(name: str, value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise FieldError(name, _("is not a date (YYYY-MM-DD)"))
    return parsed


def _count(name: str, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FieldError(name, _("is not a whole number")) from None
    if number < 0:
        raise FieldError(name, _("is negative"))
    return number


def _actions(name: str, rows, stage: str) -> list[CaseAction]:
    out = []
    for i, row in enumerate(rows or ()):
        label = str(row.get("label", "")).strip()
        if not label:
            raise FieldError(f"{name}.{i}.label", _("is required"))
        taken_by = row.get("taken_by", "") or ""
        if taken_by not in ActionBy.values:
            raise FieldError(f"{name}.{i}.taken_by", _("must be UN or NG"))
        out.append(
            CaseAction(
                stage=stage,
                taken_by=taken_by,
                label=label[:120],
                count=_count(f"{name}.{i}.count", row.get("count")),
                taken_on=_date(f"{name}.{i}.taken_on", row.get("taken_on")),
            )
        )
    return out


def _results(rows) -> list[CaseResult]:
    out = []
    for i, row in enumerate(rows or ()):
        if row.get("outcome") not in OUTCOMES:
            raise FieldError(
                f"results.{i}.outcome", _("must be one of %(allowed)s"), allowed=", ".join(OUTCOMES)
            )
        out.append(
            CaseResult(
                position=i,
                outcome=row["outcome"],
                detail=str(row.get("detail", ""))[:200],
                count=_count(f"results.{i}.count", row.get("count")),
            )
        )
    return out


def _check_fields(to: str, fields: dict) -> dict:
    allowed = set(STEP_FIELDS.get(to, ())) | {"interim_actions", "final_actions"}
    for name in fields:
        if name not in allowed:
            raise FieldError(name, _("is not recorded at the step to %(to)s"), to=S(to).label)
    clean = {}
    for name, value in fields.items():
        if name in CHOICES and value not in (None, ""):
            if value not in CHOICES[name]:
                raise FieldError(name, _("must be one of %(allowed)s"), allowed=", ".join(CHOICES[name]))
        clean[name] = _date(name, value) if name in DATES else value
    return clean


def step(case, *, acting_user, to: str, reason: str, at: dt.datetime | None = None, **fields) -> Case:
    """Move `case` one step to status `to` (module docstring). Raises `PermissionDenied` (who does not read
    the case or may not change it) or `FieldError` naming the field. `at`: when the step was taken (default
    now; a load of past steps, such as the demo's, gives it; the deadline runs from it)."""
    if not Case.objects.visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(
            f"{acting_user} does not read conduct case {case.pk}", _("No such case, or you may not read it.")
        )
    service = CaseService()
    service.require(acting_user, case.mission_id, "change", case.owner_id, record=case)
    reason = (reason or "").strip()
    if to not in S.values:
        raise FieldError("to", _("must be one of %(allowed)s"), allowed=", ".join(S.values))
    if not reason:
        raise FieldError("reason", _("is required: say why the case takes this step"))
    fields = _check_fields(to, fields)
    interim = _actions("interim_actions", fields.pop("interim_actions", None), ActionStage.INTERIM)
    final = _actions("final_actions", fields.pop("final_actions", None), ActionStage.FINAL)
    results = _results(fields.pop("results", None))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if to not in STEPS[S(locked.status)]:
            raise FieldError(
                "to",
                _("a case at “%(status)s” cannot go to “%(to)s”"),
                status=locked.get_status_display(),
                to=S(to).label,
            )
        if final and to not in (S.OUTCOME, S.CLOSED):
            raise FieldError("final_actions", _("are recorded from the outcome on"))
        if interim and to in (S.OUTCOME, S.CLOSED):
            raise FieldError("interim_actions", _("are recorded before the outcome"))
        before = service.snapshot(locked)
        now = at or timezone.now()
        _apply(locked, to, fields, now.date())
        took = service.may_take(acting_user, locked)
        if took:
            locked.lead_officer = acting_user
        if (
            to == S.CLOSED
            and locked.outcome == Outcome.SUBSTANTIATED
            and not final
            and not locked.actions.filter(stage=ActionStage.FINAL).exists()
        ):
            raise FieldError("final_actions", _("a substantiated case closes with its final actions"))
        position = max(locked.actions.values_list("position", flat=True), default=-1) + 1
        for offset, action in enumerate([*interim, *final]):
            action.case, action.position = locked, position + offset
        CaseAction.objects.bulk_create([*interim, *final])
        if results:
            locked.results.all().delete()
            for row in results:
                row.case = locked
            CaseResult.objects.bulk_create(results)
        days = due_days(locked, settings_of(locked.mission))
        locked.step_due_at = now + dt.timedelta(days=days) if days is not None and to != S.CLOSED else None
        locked.reminded_at = locked.escalated_at = None
        locked.updated_at = now
        locked.updated_by = acting_user if getattr(acting_user, "pk", None) else None
        locked.save()
        CaseStep.objects.create(
            case=locked, status=to, at=now, by=locked.updated_by, reason=reason, due_at=locked.step_due_at
        )
        log_change(
            action=ChangeAction.UPDATE,
            obj=locked,
            acting_user=acting_user,
            before=before,
            after=service.snapshot(locked),
            reason=f"{to}: {reason}" + ("; took the case as its owner" if took else ""),
        )
    return locked


def _apply(case, to: str, fields: dict, today: dt.date) -> None:
    """Set the step's fields on the locked case, with the step's own rules."""
    for name, value in fields.items():
        setattr(case, name, value if value is not None else ("" if name in CHOICES else None))
    case.status = to
    if to == S.REFERRED:
        if not case.investigator:
            raise FieldError("investigator", _("is required: who investigates the case"))
        if case.investigator == Investigator.MISSION and case.category != Category.TWO:
            raise FieldError("investigator", _("the mission's investigators take category II cases only"))
        if case.investigator in BY_COUNTRY:
            case.nio_requested_on = case.nio_requested_on or today
    elif to == S.INVESTIGATION:
        case.investigation_started_on = case.investigation_started_on or today
    elif to == S.OUTCOME:
        if not case.outcome or case.outcome not in OUTCOMES:
            raise FieldError(
                "outcome", _("is required: substantiated, unsubstantiated or insufficient information")
            )
        case.investigation_ended_on = case.investigation_ended_on or today
        if case.investigation_ended_on < (case.investigation_started_on or case.investigation_ended_on):
            raise FieldError("investigation_ended_on", _("is before the investigation started"))
        case.investigation_days = investigation_days(case, today)
    elif to == S.CLOSED:
        case.closed_on = case.closed_on or today
        if case.closed_on < case.reported_on:
            raise FieldError("closed_on", _("is before the date reported"))


def received_how(case) -> str:
    """How the case was received, in words: the staff form, a referral by <organisation>, an anonymous report,
    a community alert, the UN's table. Never who reported it anonymously, nor which user referred it."""
    channel = case.intake_channel
    if channel == IntakeChannel.PARTNER_REFERRAL and case.referred_by_id:
        return _("Referral by %(organisation)s") % {"organisation": case.referred_by.code}
    return {
        IntakeChannel.STAFF: _("Recorded by conduct staff on the case form"),
        IntakeChannel.ANONYMOUS: _("Anonymous report (the public form)"),
        IntakeChannel.COMMUNITY_ALERT: _("From a community alert"),
    }.get(channel) or IntakeChannel(channel).label


def timeline(case) -> list[dict]:
    """The case's steps, oldest first, each with its deadline and whether it was overdue (the current step: is
    overdue now; an earlier one: was left after its deadline). The first row is the case's reception: when and
    how it was received (`received_how`), and by whom only when conduct staff recorded it or opened it from an
    alert (a referrer or an anonymous reporter is never named)."""
    rows = list(case.steps.select_related("by").order_by("at", "id"))
    now = timezone.now()
    staff = case.intake_channel in (IntakeChannel.STAFF, IntakeChannel.COMMUNITY_ALERT)
    out = [
        {
            "status": S.RECEIVED.label,
            "at": case.created_at,
            "by": case.created_by if staff else None,
            "reason": received_how(case),
            "received": True,
        }
    ]
    for row in rows:
        out.append(
            {
                "status": row.get_status_display(),
                "at": row.at,
                "by": row.by,
                "reason": row.reason,
                "due_at": row.due_at,
            }
        )
    for i, row in enumerate(out):
        left_at = out[i + 1]["at"] if i + 1 < len(out) else None
        if row.get("received") and left_at is None:  # still as received: its deadline is the case's
            row["due_at"] = case.step_due_at
        due_at = row.get("due_at")
        row.update(
            due_at=due_at,
            left_at=left_at,
            overdue=bool(due_at and ((left_at or now) > due_at)),
            current=left_at is None,
        )
    return out

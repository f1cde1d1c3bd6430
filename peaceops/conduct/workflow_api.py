"""The API of a conduct case's workflow and of the mission's conduct settings, under /api/v1/conduct (scopes
conduct:read to read, conduct:write to act; a case the caller does not read answers 404):

- `POST /cases/{case_id}/step` {"to", "reason", ...the step's fields}: the next step (`workflow.step`);
- `POST /cases/{case_id}/take` {"reason"}: the caller takes a case without an owner as its owner
  (`CaseService.take`; 422 naming `lead_officer` when it has one);
- `GET /settings?mission=CODE`, `PUT /settings?mission=CODE` {field: days...}: the mission's conduct settings
  (holders of `conduct.settings.change`; `mission` defaults to the caller's only mission)."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from peaceops.api.scopes import scoped
from peaceops.core.current_mission import user_missions
from peaceops.core.services import PermissionDenied

from . import workflow
from .models import Case
from .services import CaseService, settings_of
from .workflow_settings import as_data, change_settings, may_change_settings

router = Router(tags=["conduct"], auth=scoped("conduct"))


class ActionIn(Schema):
    label: str
    taken_by: str = ""
    count: int | None = None
    taken_on: dt.date | None = None


class ResultIn(Schema):
    outcome: str
    detail: str = ""
    count: int | None = None


class StepIn(Schema):
    to: str
    reason: str = ""
    category: str | None = None
    investigator: str | None = None
    nio_requested_on: dt.date | None = None
    nio_appointed: str | None = None
    investigation_started_on: dt.date | None = None
    investigation_ended_on: dt.date | None = None
    outcome: str | None = None
    results: list[ResultIn] | None = None
    criminal_referral: str | None = None
    closed_on: dt.date | None = None
    interim_actions: list[ActionIn] | None = None
    final_actions: list[ActionIn] | None = None


class TakeIn(Schema):
    reason: str = ""


class SettingsIn(Schema):
    assessment_days: int | None = None
    referral_days: int | None = None
    nio_days: int | None = None
    investigation_days: int | None = None
    outcome_days: int | None = None
    remind_days: int | None = None
    suppression_threshold: int | None = None
    reason: str = ""


def _case_out(case) -> dict:
    return {
        "id": str(case.pk),
        "reference": case.reference,
        "status": case.status,
        "step_due_at": case.step_due_at,
        "investigator": case.investigator,
        "nio_requested_on": case.nio_requested_on,
        "nio_appointed": case.nio_appointed,
        "investigation_started_on": case.investigation_started_on,
        "investigation_ended_on": case.investigation_ended_on,
        "investigation_days": workflow.investigation_days(case),
        "outcome": case.outcome,
        "criminal_referral": case.criminal_referral,
        "closed_on": case.closed_on,
        "steps": [
            {"status": s.status, "at": s.at, "reason": s.reason, "due_at": s.due_at}
            for s in case.steps.order_by("at", "id")
        ],
    }


@router.post("/cases/{case_id}/step", response=dict, summary="Move a conduct case to its next step")
def step(request: HttpRequest, case_id: uuid.UUID, payload: StepIn):
    case = Case.objects.visible_to(request.auth).filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, f"no conduct case {case_id} (or you do not read it)")
    data = payload.dict(exclude_none=True)
    to, reason = data.pop("to"), data.pop("reason", "")
    return _case_out(workflow.step(case, acting_user=request.auth, to=to, reason=reason, **data))


@router.post("/cases/{case_id}/take", response=dict, summary="Take a conduct case without an owner as its owner")
def take(request: HttpRequest, case_id: uuid.UUID, payload: TakeIn):
    case = Case.objects.visible_to(request.auth).filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, f"no conduct case {case_id} (or you do not read it)")
    taken = CaseService().take(case, acting_user=request.auth, reason=payload.reason)
    return {"id": str(taken.pk), "reference": taken.reference, "lead_officer": taken.lead_officer.get_username()}


def _mission(request, code: str | None):
    """The mission whose settings the caller changes: the one named, or their only one (404: none)."""
    missions = [m for m in user_missions(request.auth) if may_change_settings(request.auth, m)]
    if code:
        missions = [m for m in missions if m.code == code.upper()]
    if not missions:
        raise HttpError(404, "no mission whose conduct settings you change")
    if len(missions) > 1:
        raise HttpError(422, "mission: name the mission (?mission=CODE) whose conduct settings you change")
    return missions[0]


@router.get("/settings", response=dict, summary="A mission's conduct deadlines and suppression threshold")
def get_settings(request: HttpRequest, mission: str | None = None):
    found = _mission(request, mission)
    return {"mission": found.code, **as_data(settings_of(found))}


@router.put(
    "/settings", response=dict, summary="Change a mission's conduct deadlines and suppression threshold"
)
def put_settings(request: HttpRequest, payload: SettingsIn, mission: str | None = None):
    found = _mission(request, mission)
    data = payload.dict(exclude_none=True)
    reason = data.pop("reason", "")
    try:
        conduct = change_settings(found, acting_user=request.auth, changes=data, reason=reason)
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from denied
    return {"mission": found.code, **as_data(conduct)}

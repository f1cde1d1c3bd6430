"""POST /api/v1/conduct/referrals: refer a misconduct allegation (scope `conduct:write`; `conduct.case.refer` in
the mission, which every member holds). The answer is the case's reference and nothing else: the referrer reads
nothing of the case afterwards (`intake.refer`). Bad input: 422 naming the field."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from peaceops.conduct import intake
from peaceops.core.kit.api import mission_of

from .scopes import scoped

router = Router(
    tags=["conduct"], auth=scoped(read=["conduct:read", "conduct:write"], write=["conduct:write"])
)


class ReferralIn(Schema):
    """An allegation referred: `mission` (code), `summary` (what is alleged, without names), optionally the
    referring `organisation` (code, one of yours), the incident's dates, the personnel category, the number of
    subjects, their nationality (uniformed personnel), `victims`, `allegations`, and `people` (role, age_group,
    name, contact, details: stored encrypted, never in the summary)."""

    mission: str
    summary: str
    organisation: str = ""
    incident_from: dt.date | None = None
    incident_from_precision: str = ""
    incident_to: dt.date | None = None
    incident_to_precision: str = ""
    personnel_category: str = ""
    subjects: Any = None
    nationality: str = ""
    paternity_claim: bool = False
    victims: list[Any] = []
    allegations: list[Any] = []
    people: list[Any] = []


class ReferralOut(Schema):
    reference: str


@router.post("/referrals", response={201: ReferralOut}, summary="Refer a misconduct allegation")
def refer(request: HttpRequest, payload: ReferralIn):
    data = payload.model_dump(exclude_unset=True)
    mission = mission_of(data.pop("mission"))
    case = intake.refer(mission, acting_user=request.auth, data=data)
    return Status(201, {"reference": case.reference})

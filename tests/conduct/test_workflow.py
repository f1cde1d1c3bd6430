"""A conduct case through its workflow (workflow.step): every step with its reason, a CaseStep row and a change-log
entry, its deadline from the mission's settings; impossible moves and bad values refused naming the field; the
API answers the same, and 404 for a case the caller does not read."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from peaceops.conduct import workflow
from peaceops.conduct.models import Case, CaseStep
from peaceops.conduct.services import settings_of
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied, create_api_token

pytestmark = pytest.mark.django_db


def _step(case, user, to, reason="because", **fields):
    return workflow.step(case, acting_user=user, to=to, reason=reason, **fields)


def test_a_case_goes_through_every_step_with_its_reasons(conduct_people, case_of, mission):
    cdo = conduct_people["cdo"]
    case = case_of(cdo)
    conduct = settings_of(mission)
    before = timezone.now()
    case = _step(case, cdo, "assessment", "credible allegation, category I")
    assert case.step_due_at >= before + dt.timedelta(days=conduct.assessment_days)
    case = _step(
        case,
        cdo,
        "referred",
        "referred to the contributing country",
        investigator="tcc",
        interim_actions=[{"label": "Suspension of payments", "taken_by": "UN", "count": 1}],
    )
    assert case.nio_requested_on == timezone.now().date()
    assert case.step_due_at >= before + dt.timedelta(days=conduct.nio_days)  # the NIO's deadline
    case = _step(
        case,
        cdo,
        "investigation",
        "NIO appointed",
        nio_appointed="yes",
        investigation_started_on=dt.date(2026, 11, 10),
    )
    case = _step(
        case,
        cdo,
        "outcome",
        "report received",
        outcome="substantiated",
        investigation_ended_on=dt.date(2026, 12, 1),
        criminal_referral="yes",
        results=[{"outcome": "substantiated", "detail": "Transactional sex", "count": 1}],
        final_actions=[{"label": "Repatriation", "taken_by": "UN", "count": 1}],
    )
    assert case.investigation_days == 21
    case = _step(case, cdo, "closed", "final actions taken")
    assert case.status == "closed" and case.closed_on == timezone.now().date() and case.step_due_at is None

    steps = list(CaseStep.objects.filter(case=case).order_by("at", "id"))
    assert [(s.status, s.reason, s.by) for s in steps] == [
        ("assessment", "credible allegation, category I", cdo),
        ("referred", "referred to the contributing country", cdo),
        ("investigation", "NIO appointed", cdo),
        ("outcome", "report received", cdo),
        ("closed", "final actions taken", cdo),
    ]
    assert all(s.due_at for s in steps[:-1]) and steps[-1].due_at is None
    assert [(a.stage, a.label, a.taken_by) for a in case.actions.order_by("position")] == [
        ("interim", "Suspension of payments", "UN"),
        ("final", "Repatriation", "UN"),
    ]
    assert [(r.outcome, r.count) for r in case.results.all()] == [("substantiated", 1)]
    logged = ChangeLogEntry.objects.filter(
        object_type="conduct.case", object_id=str(case.pk), action="update"
    )
    # The case had no owner: its first step made the officer who took it its owner, said in that step's entry.
    assert case.lead_officer == cdo
    said = [f"{s.status}: {s.reason}" for s in steps]
    said[0] += "; took the case as its owner"
    assert sorted(e.reason for e in logged) == sorted(said)
    closing = logged.order_by("-time", "-id").first()
    assert (closing.before["status"], closing.after["status"]) == ("outcome", "closed")


def test_impossible_moves_are_refused_naming_the_field(conduct_people, case_of):
    cdo = conduct_people["cdo"]
    case = case_of(cdo)
    with pytest.raises(FieldError) as skipped:
        _step(case, cdo, "investigation")
    assert skipped.value.field == "to"
    with pytest.raises(FieldError) as unknown:
        _step(case, cdo, "nowhere")
    assert unknown.value.field == "to"
    with pytest.raises(FieldError) as silent:
        _step(case, cdo, "assessment", reason="  ")
    assert silent.value.field == "reason"
    case = _step(case, cdo, "assessment")
    with pytest.raises(FieldError) as nobody:
        _step(case, cdo, "referred")
    assert nobody.value.field == "investigator"
    with pytest.raises(FieldError) as own:  # category I is not the mission's to investigate
        _step(case, cdo, "referred", investigator="mission")
    assert own.value.field == "investigator"
    with pytest.raises(FieldError) as early:
        _step(case, cdo, "referred", investigator="oios", outcome="substantiated")
    assert early.value.field == "outcome"
    case = _step(case, cdo, "referred", investigator="oios")
    case = _step(case, cdo, "investigation")
    with pytest.raises(FieldError) as unknown_outcome:
        _step(case, cdo, "outcome")
    assert unknown_outcome.value.field == "outcome"
    case = _step(case, cdo, "outcome", outcome="substantiated")
    with pytest.raises(FieldError) as no_action:
        _step(case, cdo, "closed")
    assert no_action.value.field == "final_actions"
    with pytest.raises(FieldError) as back:
        _step(case, cdo, "assessment")
    assert back.value.field == "to"
    assert Case.objects.visible_to(cdo).get().status == "outcome"
    assert CaseStep.objects.filter(case=case).count() == 4


def test_category_ii_goes_to_the_missions_investigators_and_an_unfounded_case_closes_at_assessment(
    conduct_people, case_of
):
    cdo = conduct_people["cdo"]
    other = case_of(
        cdo, category="II", allegations=[{"position": 0, "kind": "other_misconduct", "label": ""}]
    )
    other = _step(_step(other, cdo, "assessment"), cdo, "referred", investigator="mission")
    assert other.investigator == "mission" and other.nio_requested_on is None
    unfounded = _step(
        _step(case_of(cdo), cdo, "assessment"), cdo, "closed", "no misconduct alleged after all"
    )
    assert unfounded.status == "closed"


def test_someone_who_does_not_read_the_case_cannot_step_it(conduct_people, case_of):
    case = case_of(conduct_people["cdo"])
    for outsider in (conduct_people["cdo2"], conduct_people["admin"]):
        with pytest.raises(PermissionDenied):
            _step(case, outsider, "assessment")
    assert Case.objects.visible_to(conduct_people["cdo"]).get().status == "received"
    assert not CaseStep.objects.exists()


def test_the_api_steps_a_case_and_answers_404_to_who_does_not_read_it(conduct_people, case_of):
    case = case_of(conduct_people["cdo"])
    _, token = create_api_token(user=conduct_people["cdo"], name="w", scopes=["conduct:write"])
    api = Client(headers={"Authorization": f"Bearer {token}"})
    url = f"/api/v1/conduct/cases/{case.pk}/step"
    answer = api.post(url, {"to": "assessment", "reason": "credible"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "assessment" and answer.json()["steps"][0]["reason"] == "credible"
    refused = api.post(
        url, {"to": "closed", "reason": "x", "outcome": "substantiated"}, content_type="application/json"
    )
    assert refused.status_code == 422 and "outcome" in refused.content.decode()
    wrong = api.post(url, {"to": "outcome", "reason": "x"}, content_type="application/json")
    assert wrong.status_code == 422 and "to" in wrong.content.decode()
    _, other = create_api_token(user=conduct_people["cdo2"], name="w", scopes=["conduct:write"])
    stranger = Client(headers={"Authorization": f"Bearer {other}"}).post(
        url, {"to": "referred", "reason": "x", "investigator": "oios"}, content_type="application/json"
    )
    assert stranger.status_code == 404
    _, reader = create_api_token(user=conduct_people["cdo"], name="r", scopes=["conduct:read"])
    read_only = Client(headers={"Authorization": f"Bearer {reader}"}).post(
        url, {"to": "referred", "reason": "x", "investigator": "oios"}, content_type="application/json"
    )
    assert read_only.status_code == 403
    assert Case.objects.visible_to(conduct_people["cdo"]).get().status == "assessment"

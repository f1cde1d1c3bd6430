"""Deadlines of conduct cases with time moved forward (`deadlines.sweep(now=...)`): the case's assignees are reminded
once before the step is due; once it is overdue the mission's supervisors are assigned and told once, and the link
opens the case for them; the notifications name the reference and the step, never the summary or a name; a step
taken starts the watch afresh."""

import datetime as dt

import pytest
from django.utils import timezone

from peaceops.conduct import deadlines, workflow
from peaceops.conduct.models import Case
from peaceops.conduct.services import settings_of
from peaceops.core.assignments import assignments_of
from peaceops.notices.models import Notification
from peaceops.worker import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(conduct_people, case_of, mission):
    """A case at preliminary assessment (due in `assessment_days`), assigned to cdo only."""
    settings_of(mission)
    case = case_of(conduct_people["cdo"], summary="Soldier Jan Kowalski met a girl at the market")
    return workflow.step(case, acting_user=conduct_people["cdo"], to="assessment", reason="credible")


def test_the_sweep_is_on_the_workers_schedule():
    assert "conduct.deadlines" in {entry.name for entry in schedule.registered()}


def test_reminder_once_then_escalation_once(conduct_people, assessed, mission, client_as):
    cdo, cdo2 = conduct_people["cdo"], conduct_people["cdo2"]
    due = assessed.step_due_at
    remind_days = settings_of(mission).remind_days

    assert deadlines.sweep(now=due - dt.timedelta(days=remind_days, hours=1)) == {
        "reminded": 0,
        "escalated": 0,
    }
    assert not Notification.objects.exists()

    assert deadlines.sweep(now=due - dt.timedelta(days=remind_days - 1)) == {"reminded": 1, "escalated": 0}
    assert deadlines.sweep(now=due - dt.timedelta(hours=2)) == {"reminded": 0, "escalated": 0}
    reminders = Notification.objects.filter(kind=deadlines.REMINDER)
    assert [n.user for n in reminders] == [cdo]
    assert not Case.objects.visible_to(cdo2).exists()

    later = due + dt.timedelta(hours=1)
    assert deadlines.sweep(now=later) == {"reminded": 0, "escalated": 1}
    assert deadlines.sweep(now=later + dt.timedelta(days=3)) == {"reminded": 0, "escalated": 0}
    escalations = Notification.objects.filter(kind=deadlines.ESCALATION)
    assert sorted(n.user.username for n in escalations) == ["cdo", "cdo2"]  # both hold conduct.case.supervise
    assert Case.objects.visible_to(cdo2).get() == assessed
    row = assignments_of(assessed).get(user=cdo2)
    assert row.reason == "escalated: Preliminary assessment overdue" and row.assigned_by is None
    assert Case.objects.get(pk=assessed.pk).escalated_at == later

    for notice in Notification.objects.all():
        assert assessed.reference in notice.text and "Preliminary assessment" in notice.text
        for secret in ("Kowalski", "girl", "market", "Soldier", cdo.username, cdo2.username):
            assert secret not in notice.text
    link = escalations.get(user=cdo2).url
    page = client_as(cdo2).get(link)
    assert page.status_code == 200 and assessed.reference in page.content.decode()
    # a mission administrator does not supervise conduct cases
    assert not conduct_people["admin"].notifications.exists()


def test_a_step_taken_starts_the_watch_afresh(conduct_people, assessed):
    cdo = conduct_people["cdo"]
    deadlines.sweep(now=assessed.step_due_at + dt.timedelta(minutes=1))
    assert Case.objects.get(pk=assessed.pk).escalated_at is not None
    referred = workflow.step(assessed, acting_user=cdo, to="referred", reason="to OIOS", investigator="oios")
    assert referred.escalated_at is None and referred.reminded_at is None
    assert referred.step_due_at > timezone.now()
    assert deadlines.sweep(now=referred.step_due_at + dt.timedelta(minutes=1))["escalated"] == 1
    stored = Case.objects.filter(pk=assessed.pk)
    assert deadlines.sweep(now=referred.step_due_at + dt.timedelta(days=400)) == {
        "reminded": 0,
        "escalated": 0,
    }
    assert stored.get().status == "referred"


def test_closed_cases_and_cases_without_deadline_are_left_alone(conduct_people, case_of):
    cdo = conduct_people["cdo"]
    fresh = case_of(cdo)  # as received: no deadline set yet
    closed = workflow.step(
        workflow.step(case_of(cdo), acting_user=cdo, to="assessment", reason="x"),
        acting_user=cdo,
        to="closed",
        reason="not misconduct",
    )
    assert fresh.step_due_at is None and closed.step_due_at is None
    assert deadlines.sweep(now=timezone.now() + dt.timedelta(days=1000)) == {"reminded": 0, "escalated": 0}
    assert not Notification.objects.exists()

"""A case's owner and how it was received, as conduct officers meet them: a referral, an anonymous report or a
case from an alert comes without an owner; a conduct officer assigned to it takes it (**Take the case** on its
page, the API, or their first step), with a change-log entry; the owner rule (a conduct officer of the mission,
assigned) holds on every write path; the timeline starts with how the case was received, naming no anonymous
reporter and no referring user; the list shows dates as YYYY-MM-DD; an empty field reads "not recorded"."""

import json

import pytest

from peaceops.alerts.services import AlertService
from peaceops.conduct import intake, workflow
from peaceops.conduct.models import Case
from peaceops.conduct.services import CaseService
from peaceops.core.assignments import break_glass
from peaceops.core.choices import Role
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import ChangeLogEntry
from peaceops.testing import world
from tests.conduct.test_intake import api_as

pytestmark = pytest.mark.django_db
SUMMARY = "A driver of the mission offered money for sex near the market"
NO_OWNER = '<span aria-hidden="true">—</span><span class="visually-hidden">no owner yet</span>'
NOT_RECORDED = '<span aria-hidden="true">—</span><span class="visually-hidden">not recorded</span>'


def referred(people, mission):
    """A referral by KFOR's reporter: assigned to the receivers cdo and cdo2, owned by no one."""
    return intake.refer(mission, acting_user=people["kfor"], data={"summary": SUMMARY})


def page_of(client, case) -> str:
    return client.get(f"/conduct/cases/{case.pk}/").content.decode()


def test_a_receiver_takes_a_referral_from_its_page_and_the_change_log_says_so(conduct_people, mission, client_as):
    cdo, cdo2 = conduct_people["cdo"], conduct_people["cdo2"]
    case = referred(conduct_people, mission)
    assert case.lead_officer is None
    page = page_of(client_as(cdo), case)
    assert f'id="case-owner">{NO_OWNER}<' in page and 'id="case-take"' in page
    answer = client_as(cdo).post(f"/conduct/cases/{case.pk}/take/", follow=True)
    assert answer.redirect_chain[-1][0] == f"/conduct/cases/{case.pk}/"
    page = answer.content.decode()
    assert 'id="case-owner">cdo<' in page and 'id="case-take"' not in page
    assert f"You are the owner of case {case.reference}." in page
    entry = ChangeLogEntry.objects.get(object_id=str(case.pk), action="update")
    assert (entry.actor, entry.reason) == (cdo, "took the case as its owner")
    assert (entry.before["lead_officer_id"], entry.after["lead_officer_id"]) == (None, cdo.pk)
    # The other receiver sees the owner and no button; taking it anyway is refused, naming the owner.
    page = page_of(client_as(cdo2), case)
    assert 'id="case-owner">cdo<' in page and 'id="case-take"' not in page
    refused = api_as(cdo2, "conduct:write").post(f"/api/v1/conduct/cases/{case.pk}/take", "{}",
                                                 content_type="application/json")
    assert refused.status_code == 422 and "lead_officer" in refused.content.decode()
    assert "cdo" in refused.content.decode()
    assert Case._base_manager.get(pk=case.pk).lead_officer == cdo


def test_a_receiver_takes_an_anonymous_report_through_the_api(conduct_people, mission):
    case = intake.report_anonymously(mission, {"summary": SUMMARY})
    answer = api_as(conduct_people["cdo2"], "conduct:write").post(
        f"/api/v1/conduct/cases/{case.pk}/take", json.dumps({"reason": "I am on duty this week"}),
        content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["lead_officer"] == "cdo2"
    entry = ChangeLogEntry.objects.get(object_id=str(case.pk), action="update")
    assert entry.reason == "took the case as its owner: I am on duty this week"
    assert api_as(conduct_people["kfor"], "conduct:write").post(
        f"/api/v1/conduct/cases/{case.pk}/take", "{}", content_type="application/json").status_code == 404


def test_the_first_receiver_to_step_a_case_without_owner_becomes_its_owner(conduct_people, mission):
    cdo, cdo2 = conduct_people["cdo"], conduct_people["cdo2"]
    case = referred(conduct_people, mission)
    case = workflow.step(case, acting_user=cdo2, to="assessment", reason="credible: category I", category="I")
    assert case.lead_officer == cdo2
    entry = ChangeLogEntry.objects.get(object_id=str(case.pk), action="update")
    assert entry.reason == "assessment: credible: category I; took the case as its owner"
    assert entry.after["lead_officer_id"] == cdo2.pk
    case = workflow.step(case, acting_user=cdo, to="closed", reason="nothing to investigate")
    assert case.lead_officer == cdo2  # a later step by another officer leaves the owner


def test_a_break_glass_reader_neither_takes_nor_becomes_the_owner(conduct_people, mission, client_as):
    case = referred(conduct_people, mission)
    cdo3 = world.member(mission, world.organisation("UNMIK"), Role.VIEWER, Role.CONDUCT_OFFICER, username="cdo3")
    break_glass(Case, case.pk, acting_user=cdo3, reason="the victim is at risk tonight")
    client = client_as(cdo3)
    page = page_of(client, case)
    assert SUMMARY in page and 'id="case-take"' not in page
    assert client.post(f"/conduct/cases/{case.pk}/take/").status_code == 403
    case = workflow.step(case, acting_user=cdo3, to="assessment", reason="urgent", category="I")
    assert case.lead_officer is None


def test_the_owner_rule_holds_for_every_writer_of_cases(conduct_people, mission, case_of):
    """Not only the pages and the API: the service every import and load writes through refuses an owner who is
    no conduct officer, and assigns the one named (an import's update included)."""
    with pytest.raises(FieldError) as refused:
        case_of(conduct_people["cdo"], lead_officer=conduct_people["admin"].pk)
    assert refused.value.field == "lead_officer"
    case = case_of(conduct_people["cdo"], source_id="UN-2026-17")
    assert not Case.objects.visible_to(conduct_people["cdo2"]).exists()
    row = {**CaseService().to_data(case), "lead_officer": conduct_people["cdo2"].pk}
    del row["releasable_to"]
    result = CaseService().create_many([row], acting_user=conduct_people["cdo"], mission=mission, upsert=True)
    assert [c.pk for c in result.updated] == [case.pk]
    assert list(Case.objects.visible_to(conduct_people["cdo2"])) == [case]


def test_the_timeline_starts_with_how_the_case_was_received(conduct_people, mission, client_as, case_of):
    client = client_as(conduct_people["cdo"])

    def received_row(case) -> str:
        page = client.get(f"/conduct/cases/{case.pk}/step/").content.decode()
        timeline = page.split('id="case-timeline"')[1].split("</ol>")[0]
        first = timeline.split("<li")[1]
        assert 'id="timeline-received"' in first
        return first

    row = received_row(referred(conduct_people, mission))
    assert "Received" in row and "Referral by KFOR" in row and "kfor" not in row
    row = received_row(intake.report_anonymously(mission, {"summary": SUMMARY}))
    assert "Anonymous report" in row and " · cdo" not in row
    row = received_row(case_of(conduct_people["cdo"]))
    assert "Recorded by conduct staff" in row and " · cdo" in row
    alert = AlertService().receive(mission, {"text": "A peacekeeper took money from a girl", "channel": "web"})
    alert = AlertService().mark_misconduct(alert, acting_user=conduct_people["watch"], reason="names one")
    row = received_row(intake.from_alert(alert, acting_user=conduct_people["cdo"], reason="SEA"))
    assert "From a community alert" in row and " · cdo" in row


def test_the_list_shows_dates_as_the_platform_does_and_empty_fields_read_not_recorded(
    conduct_people, client_as, case_of
):
    case = case_of(conduct_people["cdo"])  # reported on 2026-11-03, no investigator yet
    client = client_as(conduct_people["cdo"])
    listing = client.get("/conduct/cases/").content.decode()
    assert ">2026-11-03<" in listing
    assert "11/03/2026" not in listing and "Nov. 3, 2026" not in listing
    page = page_of(client, case)
    assert f'id="field-investigator">{NOT_RECORDED}<' in page
    assert f'id="field-closed_on">{NOT_RECORDED}<' in page
    assert 'id="field-subjects">1<' in page

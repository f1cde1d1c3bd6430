"""The ways an allegation reaches conduct and discipline from inside the mission: a KFOR member refers one
through the API or the page and gets its reference and nothing else; the mission's conduct officers (holders
of conduct.case.receive) are assigned and told of the reference only; a name given goes sealed; a conduct
officer opens a case from a community alert marked as a misconduct allegation."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from peaceops.alerts.services import AlertService
from peaceops.conduct import identities
from peaceops.conduct.models import Case, CasePerson
from peaceops.core.assignments import assign
from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry, RecordAssignment
from peaceops.notices.models import Notification
from peaceops.testing import world

pytestmark = pytest.mark.django_db

REFERRALS = "/api/v1/conduct/referrals"
NAME, PHONE = "Drita Berisha", "+38344765432"
SUMMARY = "A soldier of the contingent at the northern camp offered food for sex to a young woman"


def token_for(user, *scopes) -> str:
    out = io.StringIO()
    call_command("create_token", user.username, "--name", "NGO system",
                 *[a for s in scopes for a in ("--scope", s)], stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def api_as(user, *scopes) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, *scopes)}")


def post(client, data):
    return client.post(REFERRALS, json.dumps(data), content_type="application/json")


def referral(**extra) -> dict:
    return {"mission": "UNMIK", "summary": SUMMARY, "personnel_category": "military_contingent", "subjects": 1,
            "people": [{"role": "victim", "age_group": "adult", "name": NAME, "contact": PHONE}], **extra}


def test_a_kfor_member_refers_gets_the_reference_only_and_the_receivers_are_assigned(conduct_people):
    kfor, cdo, cdo2 = conduct_people["kfor"], conduct_people["cdo"], conduct_people["cdo2"]
    answer = post(api_as(kfor, "conduct:write"), referral())
    year = timezone.now().year
    assert answer.status_code == 201, answer.content
    assert answer.json() == {"reference": f"UNMIK-CDT-{year}-0001"}
    case = Case._base_manager.get()
    assert (case.reference, case.intake_channel, case.referred_by.code, case.owner.code) == (
        f"UNMIK-CDT-{year}-0001", "partner_referral", "KFOR", "UNMIK")
    assert case.summary == SUMMARY and case.reported_on == timezone.now().date()
    assert set(Case.objects.visible_to(cdo)) == {case} and set(Case.objects.visible_to(cdo2)) == {case}
    for outsider in (kfor, conduct_people["admin"], conduct_people["watch"]):
        assert not Case.objects.visible_to(outsider).exists(), outsider.username
    assert sorted(RecordAssignment.objects.filter(record_id=str(case.pk)).values_list("user__username", flat=True)) \
        == ["cdo", "cdo2"]
    told = Notification.objects.filter(related_id=str(case.pk))
    assert sorted(n.user.username for n in told) == ["cdo", "cdo2"]
    for notice in told:
        assert case.reference in notice.text
        for word in ("soldier", "food", "northern", NAME, PHONE, "KFOR"):
            assert word not in notice.text, word
    assert not Notification.objects.filter(user=kfor).exists()


def test_the_referrer_reads_nothing_of_the_case_afterwards(conduct_people, client_as):
    kfor = conduct_people["kfor"]
    assert post(api_as(kfor, "conduct:write"), referral()).status_code == 201
    case = Case._base_manager.get()
    reader = api_as(kfor, "conduct:read")
    listed = reader.get("/api/v1/conduct/cases")
    if listed.status_code != 404:  # the cases' API (another part of the issue) lists nothing for the referrer
        assert listed.status_code == 200 and case.reference not in listed.content.decode()
        assert reader.get(f"/api/v1/conduct/cases/{case.pk}").status_code == 404
    page = client_as(kfor).get(f"/conduct/cases/{case.pk}/")
    assert page.status_code == 404 and SUMMARY not in page.content.decode()
    with pytest.raises(identities.PermissionDenied):
        identities.people_of(case, kfor)


def test_a_name_given_in_a_referral_is_sealed_never_in_the_summary_nor_the_change_log(conduct_people):
    assert post(api_as(conduct_people["kfor"], "conduct:write"), referral()).status_code == 201
    case = Case._base_manager.get()
    person = CasePerson.objects.get(case=case)
    assert (person.role, person.age_group) == ("victim", "adult")
    for sealed in (person.name_sealed, person.contact_sealed):
        assert sealed and NAME not in sealed and PHONE not in sealed
    assert NAME not in case.summary
    logged = json.dumps([[e.before, e.after, e.reason, e.object_repr] for e in ChangeLogEntry.objects.all()])
    assert "sealed" in logged and NAME not in logged and PHONE not in logged and "Berisha" not in logged
    shown = identities.reveal(person, acting_user=conduct_people["cdo"], reason="first contact with the victim")
    assert (shown["name"], shown["contact"]) == (NAME, PHONE)


@pytest.mark.parametrize(("change", "field"), [
    ({"summary": "  "}, "summary"),
    ({"personnel_category": "astronaut"}, "personnel_category"),
    ({"personnel_category": "contractor", "nationality": "POL"}, "nationality"),
    ({"incident_from": "yesterday"}, "incident_from"),
    ({"people": [{"role": "bystander", "name": NAME}]}, "people.0.role"),
    ({"organisation": "OSCE"}, "organisation"),
    ({"mission": "NOWHERE"}, "mission"),
])
def test_bad_input_is_refused_naming_the_field_and_stores_nothing(conduct_people, change, field):
    answer = post(api_as(conduct_people["kfor"], "conduct:write"), referral(**change))
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field
    assert NAME not in answer.content.decode()
    assert not Case._base_manager.exists() and not CasePerson.objects.exists()


def test_a_token_that_only_reads_may_not_refer(conduct_people):
    assert post(api_as(conduct_people["kfor"], "conduct:read"), referral()).status_code == 403
    assert not Case._base_manager.exists()


def test_the_referral_page_answers_with_the_reference_and_nothing_else(conduct_people, client_as):
    client = client_as(conduct_people["kfor"])
    form = client.get("/conduct/refer/")
    assert form.status_code == 200 and 'id="referral-form"' in form.content.decode()
    refused = client.post("/conduct/refer/", {"organisation": "KFOR", "summary": "", "personnel_category": "unknown",
                                              "person_role": "victim", "person_name": NAME})
    assert refused.status_code == 400 and 'has-error" id="field-summary"' in refused.content.decode()
    assert not Case._base_manager.exists()
    sent = client.post("/conduct/refer/", {"organisation": "KFOR", "summary": SUMMARY,
                                           "personnel_category": "military_contingent", "incident_from": "2026-11-20",
                                           "person_role": "victim", "person_name": NAME, "person_contact": PHONE})
    assert sent.status_code == 303
    receipt = client.get(sent["Location"])
    case = Case._base_manager.get()
    text = receipt.content.decode()
    assert receipt.status_code == 200 and f'<strong>{case.reference}</strong>' in text
    for word in ("soldier", "northern", NAME, PHONE, "Military contingent"):
        assert word not in text, word
    assert case.incident_from.isoformat() == "2026-11-20" and case.referred_by.code == "KFOR"
    assert CasePerson.objects.filter(case=case, role="victim").count() == 1
    assert not Case.objects.visible_to(conduct_people["kfor"]).exists()
    forged = client.get("/conduct/refer/sent/?r=UNMIK-CDT-2026-0001")
    assert forged.status_code == 302  # only the signed link shows a reference


# --- a case from a community alert ------------------------------------------------------------------------------
@pytest.fixture
def allegation(conduct_people, mission):
    """A community alert marked as a misconduct allegation by the watch (assigned to the conduct officers)."""
    alert = AlertService().receive(mission, {"text": "A peacekeeper took money from a girl at the market",
                                             "channel": "web"})
    return AlertService().mark_misconduct(alert, acting_user=conduct_people["watch"], reason="names a peacekeeper")


def test_a_conduct_officer_opens_a_case_from_a_misconduct_alert(conduct_people, allegation, client_as):
    client = client_as(conduct_people["cdo"])
    queue = client.get("/alerts/misconduct/").content.decode()
    button = re.search(rf'id="open-case-{allegation.pk}" href="([^"]+)"', queue)
    assert button and "Open a conduct case" in queue
    page = client.get(button.group(1))
    assert page.status_code == 200 and "took money from a girl" in page.content.decode()
    opened = client.post(button.group(1), {"reason": "an allegation of sexual exploitation"})
    assert opened.status_code == 302
    case = Case._base_manager.get()
    assert (case.alert_id, case.intake_channel, case.summary) == (
        allegation.pk, "community_alert", "A peacekeeper took money from a girl at the market")
    assert list(Case.objects.visible_to(conduct_people["cdo"])) == [case]
    assert not Case.objects.visible_to(conduct_people["cdo2"]).exists()
    entry = ChangeLogEntry.objects.get(object_id=str(case.pk), action="create")
    assert allegation.reference in entry.reason and entry.actor == conduct_people["cdo"]
    again = client.post(button.group(1), {"reason": "twice"})
    assert again.status_code == 400 and Case._base_manager.count() == 1


def test_who_does_not_read_the_alert_cannot_open_a_case_from_it(conduct_people, allegation, client_as, mission):
    url = f"/conduct/from-alert/{allegation.pk}/"
    for outsider in ("watch", "admin", "kfor"):  # the watch marked it, and no longer reads it
        client = client_as(conduct_people[outsider])
        assert client.get(url).status_code == 404, outsider
        assert client.post(url, {"reason": "curious"}).status_code == 404, outsider
    ordinary = AlertService().receive(mission, {"text": "Road blocked by trucks", "channel": "web"})
    assert client_as(conduct_people["cdo"]).get(f"/conduct/from-alert/{ordinary.pk}/").status_code == 404
    reader = world.member(mission, world.organisation("UNMIK"), Role.VIEWER, username="reads-allegations")
    assign(allegation, user=reader, acting_user=conduct_people["cdo"], system=True, reason="interpreter")
    client = client_as(reader)  # reads the allegation, may not record conduct cases
    assert client.get(url).status_code == 403
    assert 'id="open-case-' not in client.get("/alerts/misconduct/").content.decode()
    assert not Case._base_manager.exists()

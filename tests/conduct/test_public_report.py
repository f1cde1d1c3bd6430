"""The public misconduct report as a villager uses it on a cheap phone, without an account or JavaScript: the
report becomes a case assigned to the conduct officers, the answer is a reference and a promise (nothing read
back), a name given goes sealed, the page speaks the visitor's language, and one address may send only the
mission's share per hour."""

import re

import pytest
from django.test import Client

from peaceops.alerts.models import AlertSettings
from peaceops.conduct.models import Case, CasePerson
from peaceops.core.models import RecordAssignment
from peaceops.notices.models import Notification
from peaceops.testing import world

pytestmark = pytest.mark.django_db

URL = "/report-misconduct/UNMIK/"
TEXT = "Two soldiers from the camp near the river pay girls from the village to come at night"
NAME = "Arben Gashi"


@pytest.fixture
def receivers(conduct_people, mission):
    AlertSettings.objects.update_or_create(mission=mission, defaults={"owner": world.organisation("UNMIK")})
    return conduct_people


def visitor(address: str = "192.0.2.44") -> Client:
    """A phone without a session, whose browser checks CSRF like a real one."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def send(client: Client, *, lang: str = "en", **fields):
    page = client.get(f"{URL}?lang={lang}")
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    data = {"csrfmiddlewaretoken": token, "lang": lang, "summary": TEXT, "incident_from": "",
            "personnel_category": "military_contingent", "person_role": "subject", "person_name": "",
            "person_contact": "", "website": "", **fields}
    return client.post(URL, data)


def test_an_anonymous_report_becomes_a_case_for_the_conduct_officers_and_the_answer_reads_nothing_back(receivers):
    client = visitor()
    form = client.get(URL)
    html = form.content.decode()
    assert form.status_code == 200 and "<script" not in html and 'name="summary"' in html
    assert "no-store" in form["Cache-Control"] or "max-age=0" in form["Cache-Control"]
    sent = send(client, person_name=NAME, person_role="victim")
    assert sent.status_code == 303
    receipt = client.get(sent["Location"])
    case = Case._base_manager.get()
    page = receipt.content.decode()
    assert receipt.status_code == 200 and f'id="reference">{case.reference}<' in page
    assert "conduct and discipline" in page  # the promise: who reads it, and what happens next
    for word in ("soldiers", "river", "village", NAME, "Military contingent"):
        assert word not in page, word
    assert (case.intake_channel, case.owner.code, case.referred_by, case.created_by) == ("anonymous", "UNMIK", None,
                                                                                         None)
    assert case.summary == TEXT and NAME not in case.summary
    person = CasePerson.objects.get(case=case)
    assert person.role == "victim" and person.name_sealed and NAME not in person.name_sealed
    assert sorted(RecordAssignment.objects.filter(record_id=str(case.pk)).values_list("user__username", flat=True)) \
        == ["cdo", "cdo2"]
    told = Notification.objects.filter(related_id=str(case.pk))
    assert sorted(n.user.username for n in told) == ["cdo", "cdo2"]
    assert all(case.reference in n.text and "soldiers" not in n.text and NAME not in n.text for n in told)
    for outsider in ("admin", "watch", "viewer"):
        assert not Case.objects.visible_to(receivers[outsider]).exists()


def test_the_page_speaks_the_visitors_language(receivers):
    client = visitor()
    page = client.get(f"{URL}?lang=sq")
    assert page["Content-Language"] == "sq" and '<html lang="sq">' in page.content.decode()
    assert "Nëse jeta e dikujt është në rrezik" in page.content.decode()  # the shared emergency line, translated
    sent = send(client, lang="sq")
    assert sent.status_code == 303 and "lang=sq" in sent["Location"]
    assert client.get(sent["Location"])["Content-Language"] == "sq"


def test_bad_input_comes_back_with_what_was_typed_and_stores_nothing(receivers):
    refused = send(visitor(), summary="", person_name=NAME)
    text = refused.content.decode()
    assert refused.status_code == 400 and 'class="field invalid" id="field-summary"' in text
    assert f'value="{NAME}"' in text and not Case._base_manager.exists()
    trapped = send(visitor(), website="http://spam.example")
    assert trapped.status_code == 400 and not Case._base_manager.exists()
    assert visitor().get("/report-misconduct/NOWHERE/").status_code == 404


def test_one_address_may_send_only_the_missions_share_per_hour(receivers, mission):
    AlertSettings.objects.filter(mission=mission).update(public_reports_per_hour=2)
    phone = visitor("198.51.100.9")
    assert send(phone, summary="First report").status_code == 303
    assert send(phone, summary="Second report").status_code == 303
    refused = send(phone, summary="Third report: the same soldiers again tonight")
    assert refused.status_code == 429
    assert 'id="limited"' in refused.content.decode()
    assert "Third report: the same soldiers again tonight" in refused.content.decode()  # kept, to send later
    assert Case._base_manager.count() == 2
    assert send(visitor("198.51.100.10"), summary="Another phone").status_code == 303
    assert Case._base_manager.count() == 3


def test_switching_the_language_keeps_what_was_typed_and_sends_nothing(receivers):
    client = visitor()
    assert 'form="report-form" name="switch_lang" value="sq"' in client.get(URL).content.decode()
    switched = client.post(URL, {"lang": "en", "switch_lang": "sq", "summary": TEXT, "person_name": NAME,
                                 "personnel_category": "military_contingent", "incident_from": "not a day"})
    page = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="sq">' in page and 'name="lang" value="sq"' in page
    assert TEXT in page and f'value="{NAME}"' in page
    assert "errorlist" not in page and " invalid" not in page  # nothing to correct yet
    assert not Case._base_manager.exists()

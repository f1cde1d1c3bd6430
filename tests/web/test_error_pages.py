"""Refusals in plain words: 403, 404 and 500 are pages in the platform's layout that say why and where to go; a
record not shared with the reader answers exactly as one that does not exist; the API's errors stay JSON."""

import re
import uuid

import pytest
from django.test import Client

from peaceops.core.choices import Classification
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = pytest.mark.django_db


def test_a_viewer_asking_for_the_report_form_is_told_why_in_the_layout(people, client_as):
    answer = client_as(people["viewer"]).get("/incidents/new/")
    assert answer.status_code == 403
    page = answer.content.decode()
    assert 'class="site-header"' in page  # the platform's layout, with its menu
    assert "You may not report incidents in this mission." in page  # the reason, not only in the server log
    assert 'href="/access/"' in page  # where to see one's roles
    assert 'href="/"' in page  # and the way back


@pytest.mark.urls("tests.web.error_urls")
def test_a_refusal_without_a_reason_still_says_what_to_do(people, client_as):
    answer = client_as(people["viewer"]).get("/refuse/")
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "Your roles do not allow you to open this page." in page
    assert "ask your mission administrator for the role" in page


def _normalised(answer, path: str) -> bytes:
    """The page with its path and its per-response CSRF tokens taken out."""
    text = answer.content.decode().replace(path, "PATH")
    text = re.sub(r'csrfmiddlewaretoken" value="[^"]+"', 'csrfmiddlewaretoken" value="TOKEN"', text)
    return text.encode()


def test_a_hidden_incident_answers_exactly_as_a_missing_one(mission, people, client_as):
    hidden = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK eyes only", classification=Classification.CONFIDENTIAL))
    osce = client_as(people["osce"])
    hidden_path, missing_path = f"/incidents/{hidden.pk}/", f"/incidents/{uuid.uuid4()}/"
    for_hidden, for_missing = osce.get(hidden_path), osce.get(missing_path)
    assert for_hidden.status_code == for_missing.status_code == 404
    assert _normalised(for_hidden, hidden_path) == _normalised(for_missing, missing_path)
    page = for_missing.content.decode()
    assert "does not exist, or it is not shared with you" in page
    assert 'class="site-header"' in page and "UNMIK eyes only" not in for_hidden.content.decode()
    assert osce.get(f"/incidents/{hidden.pk}/edit/").status_code == 404  # not 403: that would say it exists


def test_a_signed_out_visitor_gets_the_404_page_with_a_way_to_sign_in(db):
    answer = Client().get("/no/such/page/")
    assert answer.status_code == 404
    assert "does not exist, or it is not shared with you" in answer.content.decode()
    assert 'href="/accounts/login/"' in answer.content.decode()


def test_api_errors_stay_json(people, client_as):
    client = client_as(people["viewer"])
    missing = client.get("/api/v1/no-such-endpoint")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "not found"}
    hidden = client.get(f"/api/v1/incidents/{uuid.uuid4()}")
    assert hidden.status_code == 404 and hidden["Content-Type"].startswith("application/json")


@pytest.mark.urls("tests.web.error_urls")
def test_a_server_fault_is_a_page_in_the_layout_that_says_what_to_do(people):
    client = Client(raise_request_exception=False)
    client.force_login(people["viewer"], backend="django.contrib.auth.backends.ModelBackend")
    answer = client.get("/boom/")
    assert answer.status_code == 500
    page = answer.content.decode()
    assert 'class="site-header"' in page and "Something went wrong" in page
    assert "check whether it was saved" in page
    assert "a fault in the platform" not in page  # the exception is for the log, not the reader
    api = client.get("/api/v1/boom")
    assert api.status_code == 500 and api.json() == {"detail": "server error"}


def test_a_form_sent_after_its_security_check_expired_says_what_to_do(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["reporter"], backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post("/incidents/new/", {"title": "Roadblock"})
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "The form could not be sent" in page and "Nothing was saved." in page
    assert 'class="site-header"' in page

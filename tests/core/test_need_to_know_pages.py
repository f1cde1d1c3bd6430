"""The kit's need-to-know pages, driven as a user would (the tests-only conduct cases, /testrecords/cases/):
break glass from the list page (record id and reason required, 404 alike for a record one may not open), the
Assignments panel for holders of `<type>.assign`, and nothing at all for anyone else, superusers included."""

import pytest
from django.test import Client
from django.utils import timezone

from peaceops.core.choices import Classification, Role
from peaceops.core.models import BreakGlassAccess, ChangeLogEntry, RecordAssignment, RolePermission
from peaceops.ledger.models import LedgerEntry
from tests.factories import UserFactory, member
from tests.recordtypes.models import ConductCase

pytestmark = pytest.mark.django_db
PAGES = "/testrecords/cases/"
NOWHERE = "00000000-0000-0000-0000-000000000000"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def case(mission, orgs):
    now = timezone.now()
    return ConductCase.objects.create(mission=mission, owner=orgs["UNMIK"], classification=Classification.CONFIDENTIAL,
                                      title="Case of the missing fuel", created_at=now, updated_at=now)


@pytest.fixture
def conduct_officer(mission, orgs):
    """A mission administrator may assign, break glass and (when assigned or breaking glass) view cases."""
    for action in ("view", "assign", "break_glass"):
        RolePermission.objects.create(role=Role.MISSION_ADMIN, permission=f"testrecords.conductcase.{action}")
    return member(mission, orgs["UNMIK"], Role.MISSION_ADMIN, username="cdo")


def test_the_list_page_leads_to_the_break_glass_form_with_its_warning(conduct_officer, case):
    client = signed_in(conduct_officer)
    listing = client.get(PAGES).content.decode()
    assert f'href="{PAGES}break-glass/"' in listing and "Case of the missing fuel" not in listing
    form = client.get(f"{PAGES}break-glass/").content.decode()
    assert 'id="break-glass-warning"' in form and "logged" in form and "assigned to the record are told" in form


def test_breaking_glass_without_a_reason_is_refused_naming_the_field(conduct_officer, case):
    client = signed_in(conduct_officer)
    answer = client.post(f"{PAGES}break-glass/", {"record": str(case.pk), "reason": "  "})
    assert answer.status_code == 400
    assert 'id="field-reason"' in answer.content.decode() and "has-error" in answer.content.decode()
    assert answer.context["form"].errors.keys() == {"reason"}
    assert not BreakGlassAccess.objects.exists()
    assert client.get(f"{PAGES}{case.pk}/").status_code == 404


def test_breaking_glass_with_a_reason_opens_the_record_and_is_sealed(conduct_officer, case):
    client = signed_in(conduct_officer)
    answer = client.post(f"{PAGES}break-glass/", {"record": str(case.pk), "reason": "threat to life"}, follow=True)
    assert answer.status_code == 200 and answer.redirect_chain[-1][0] == f"{PAGES}{case.pk}/"
    assert "Case of the missing fuel" in answer.content.decode()
    entry = ChangeLogEntry.objects.get(object_type="core.breakglassaccess")
    assert entry.reason == "break glass: threat to life" and entry.actor_id == conduct_officer.pk
    assert LedgerEntry.objects.filter(kind="change", last_change_id__gte=entry.pk).exists()


def test_a_record_one_may_not_break_glass_on_answers_as_one_that_does_not_exist(people, case):
    client = signed_in(people["viewer"])  # no break_glass permission
    refused = client.post(f"{PAGES}break-glass/", {"record": str(case.pk), "reason": "curious"})
    missing = client.post(f"{PAGES}break-glass/", {"record": NOWHERE, "reason": "curious"})
    assert refused.status_code == missing.status_code == 404
    assert not BreakGlassAccess.objects.exists()
    assert client.get(f"{PAGES}{case.pk}/").status_code == 404
    assert client.post(f"{PAGES}{case.pk}/assignments/", {"action": "assign", "username": "viewer",
                                                           "reason": "me"}).status_code == 404


def test_an_unassigned_superuser_sees_nothing(case):
    client = signed_in(UserFactory(is_superuser=True, username="root"))
    assert "Case of the missing fuel" not in client.get(PAGES).content.decode()
    assert client.get(f"{PAGES}{case.pk}/").status_code == 404
    assert client.get(f"{PAGES}{case.pk}/history/").status_code == 404


def test_the_assignments_panel_assigns_and_unassigns_with_a_reason(conduct_officer, people, case):
    investigator = member(case.mission, case.owner, Role.VIEWER, username="investigator")
    RolePermission.objects.create(role=Role.VIEWER, permission="testrecords.conductcase.view")
    client = signed_in(conduct_officer)
    client.post(f"{PAGES}break-glass/", {"record": str(case.pk), "reason": "set up the investigation"})
    page = client.get(f"{PAGES}{case.pk}/").content.decode()
    assert 'id="assignments"' in page and "No one is assigned." in page
    url = f"{PAGES}{case.pk}/assignments/"
    missing = client.post(url, {"action": "assign", "username": "investigator", "reason": ""})
    assert missing.status_code == 400 and missing.context["assignment_form"].errors.keys() == {"reason"}
    unknown = client.post(url, {"action": "assign", "username": "nobody", "reason": "investigation 7"})
    assert unknown.status_code == 400 and unknown.context["assignment_form"].errors.keys() == {"username"}
    assert not RecordAssignment.objects.exists()
    assert client.post(url, {"action": "assign", "username": "investigator",
                             "reason": "investigation 7"}).status_code == 302
    assert 'data-user="investigator"' in client.get(f"{PAGES}{case.pk}/").content.decode()
    reader = signed_in(investigator)
    assert "Case of the missing fuel" in reader.get(PAGES).content.decode()
    page = reader.get(f"{PAGES}{case.pk}/").content.decode()
    assert "Case of the missing fuel" in page and 'id="assignments"' not in page  # no assign permission
    assert 'id="break-glass-accesses"' in page and "set up the investigation" in page  # the assignee is told
    assert reader.post(url, {"action": "unassign", "username": "investigator", "reason": "x"}).status_code == 403
    assert client.post(url, {"action": "unassign", "username": "investigator", "reason": "closed"}).status_code == 302
    assert reader.get(f"{PAGES}{case.pk}/").status_code == 404
    assert ChangeLogEntry.objects.filter(object_type="core.recordassignment", action="delete", reason="closed").exists()


# --- the same through the API (the router factory's need-to-know routes) ------------------------------------

API = "/api/v1/testrecords/cases"


def post_json(client, url, body):
    import json

    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_break_glass_needs_a_reason_and_answers_404_alike(conduct_officer, people, case):
    client = signed_in(conduct_officer)
    blank = post_json(client, f"{API}/break-glass", {"record": str(case.pk), "reason": " "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    viewer = signed_in(people["viewer"])
    refused = post_json(viewer, f"{API}/break-glass", {"record": str(case.pk), "reason": "curious"})
    missing = post_json(client, f"{API}/break-glass", {"record": NOWHERE, "reason": "curious"})
    assert refused.status_code == missing.status_code == 404
    assert not BreakGlassAccess.objects.exists()
    assert client.get(f"{API}/{case.pk}/assignments").status_code == 404
    opened = post_json(client, f"{API}/break-glass", {"record": str(case.pk), "reason": "threat to life"})
    assert opened.status_code == 201 and opened.json()["reason"] == "threat to life"
    assert client.get(f"{PAGES}{case.pk}/").status_code == 200


def test_api_assigns_and_unassigns_with_a_reason(conduct_officer, people, case):
    client = signed_in(conduct_officer)
    post_json(client, f"{API}/break-glass", {"record": str(case.pk), "reason": "set up the investigation"})
    url = f"{API}/{case.pk}/assignments"
    assert post_json(client, url, {"username": "viewer", "reason": ""}).json()["field"] == "reason"
    assert post_json(client, url, {"username": "nobody", "reason": "x"}).json()["field"] == "username"
    answer = post_json(client, url, {"username": "viewer", "reason": "investigation 7"})
    assert answer.status_code == 201 and [a["username"] for a in answer.json()] == ["viewer"]
    assert client.get(url).json()[0]["assigned_by"] == "cdo"
    assert signed_in(people["viewer"]).get(url).status_code == 403  # sees the case now, may not assign
    assert client.delete(f"{url}?username=viewer&reason=closed").status_code == 204
    assert client.get(url).json() == []
    assert signed_in(people["viewer"]).get(url).status_code == 404

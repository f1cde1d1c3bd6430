"""The people of a case, driven as users do (pages and API): listed by role and age group only; an identity shown
once, to a holder of `conduct.case.view_identities` who reads the case and gives a reason, never cached, and
recorded (IdentityRead, change log, ledger); refused to an assigned reader without the permission (403), and to
a conduct officer not assigned (404, as if the case did not exist)."""

import json

import pytest
from django.test import Client

from peaceops.conduct import identities
from peaceops.conduct.models import CasePerson, IdentityRead
from peaceops.core import assignments
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import create_api_token
from peaceops.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
NAME, PHONE = "Drita Kelmendi-Zeqiri", "+38344123456"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def post_json(client, url, body, method="post", **headers):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def case(conduct_people, case_of):
    """A case recorded by cdo (so assigned to cdo), read also by the viewer (assigned, no identity permission)."""
    case = case_of(conduct_people["cdo"])
    assignments.assign(
        case, user=conduct_people["viewer"], acting_user=conduct_people["cdo"], reason="interpreter"
    )
    return case


@pytest.fixture
def victim(case, conduct_people):
    return identities.add_person(
        case,
        acting_user=conduct_people["cdo"],
        role="victim",
        age_group="child",
        name=NAME,
        contact=PHONE,
        reason="intake interview",
    )


def people_url(case, *rest):
    return "/".join([f"/conduct/cases/{case.pk}/people", *rest]) + "/"


def test_the_people_page_adds_a_person_and_lists_role_and_age_group_only(case, conduct_people):
    client = signed_in(conduct_people["cdo"])
    added = client.post(
        people_url(case, "add"),
        {
            "role": "victim",
            "age_group": "child",
            "name": NAME,
            "contact": PHONE,
            "details": "",
            "reason": "intake",
        },
    )
    assert added.status_code == 302
    page = client.get(people_url(case)).content.decode()
    assert "Victim" in page and "Child" in page and "Show identity" in page
    assert NAME not in page and PHONE not in page
    person = CasePerson.objects.get()
    assert NAME not in person.name_sealed and person.name_sealed.startswith("v1.")


def test_a_bad_role_is_refused_naming_the_field(case, conduct_people):
    answer = signed_in(conduct_people["cdo"]).post(
        people_url(case, "add"), {"role": "bystander", "name": NAME}
    )
    assert answer.status_code == 400 and 'id="field-role"' in answer.content.decode()
    assert "has-error" in answer.content.decode() and not CasePerson.objects.exists()


def test_show_identity_reveals_it_on_that_answer_only_and_records_the_read(case, victim, conduct_people):
    client = signed_in(conduct_people["cdo"])
    answer = client.post(people_url(case, str(victim.pk), "reveal"), {"reason": "arranging medical care"})
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store, max-age=0" and answer["Pragma"] == "no-cache"
    page = answer.content.decode()
    assert NAME in page and PHONE in page and 'id="identity-recorded"' in page
    read = IdentityRead.objects.get()
    assert (read.user, read.person, read.reason) == (conduct_people["cdo"], victim, "arranging medical care")
    entry = ChangeLogEntry.objects.get(object_type="conduct.identityread")
    assert entry.reason == "identity read: arranging medical care" and entry.actor == conduct_people["cdo"]
    assert entry.after["person_id"] == str(victim.pk)
    assert LedgerEntry.objects.filter(kind="change", last_change_id__gte=entry.pk).exists()
    listing = client.get(people_url(case)).content.decode()
    assert NAME not in listing and 'data-label="Reads">1</td>' in listing  # one read counted


def test_show_identity_without_a_reason_is_refused_naming_reason(case, victim, conduct_people):
    client = signed_in(conduct_people["cdo"])
    answer = client.post(people_url(case, str(victim.pk), "reveal"), {"reason": "  "})
    assert answer.status_code == 400 and answer.context["form"].errors.keys() == {"reason"}
    assert NAME not in answer.content.decode() and not IdentityRead.objects.exists()
    api = post_json(client, f"/api/v1/conduct/cases/{case.pk}/people/{victim.pk}/reveal", {"reason": ""})
    assert api.status_code == 422 and api.json()["field"] == "reason"
    assert not IdentityRead.objects.exists()


def test_an_assigned_reader_without_the_permission_sees_people_but_no_identity(case, victim, conduct_people):
    client = signed_in(conduct_people["viewer"])
    page = client.get(people_url(case)).content.decode()
    assert "Victim" in page and "Show identity" not in page and "person-add-form" not in page
    refused = client.post(people_url(case, str(victim.pk), "reveal"), {"reason": "curious"})
    assert refused.status_code == 403 and NAME not in refused.content.decode()
    api = post_json(
        client, f"/api/v1/conduct/cases/{case.pk}/people/{victim.pk}/reveal", {"reason": "curious"}
    )
    assert api.status_code == 403 and NAME not in api.content.decode()
    assert client.post(people_url(case, "add"), {"role": "witness"}).status_code == 403
    assert not IdentityRead.objects.exists()


def test_a_conduct_officer_not_assigned_gets_404_everywhere(case, victim, conduct_people):
    client = signed_in(conduct_people["cdo2"])
    assert client.get(people_url(case)).status_code == 404
    assert client.post(people_url(case, str(victim.pk), "reveal"), {"reason": "x"}).status_code == 404
    assert client.post(people_url(case, str(victim.pk), "remove"), {"reason": "x"}).status_code == 404
    assert client.get(f"/api/v1/conduct/cases/{case.pk}/people").status_code == 404
    api = post_json(client, f"/api/v1/conduct/cases/{case.pk}/people/{victim.pk}/reveal", {"reason": "x"})
    assert api.status_code == 404 and NAME not in api.content.decode()
    assert not IdentityRead.objects.exists() and CasePerson.objects.count() == 1


def test_change_and_remove_through_the_pages(case, victim, conduct_people):
    client = signed_in(conduct_people["cdo"])
    form = client.get(people_url(case, str(victim.pk), "change")).content.decode()
    assert NAME not in form and PHONE not in form  # the change form never shows the identity
    changed = client.post(
        people_url(case, str(victim.pk), "change"),
        {
            "role": "victim",
            "age_group": "adult",
            "contact": "+38349000000",
            "erase": ["name"],
            "reason": "age confirmed",
        },
    )
    assert changed.status_code == 302
    shown = identities.reveal(victim, acting_user=conduct_people["cdo"], reason="check")
    assert (shown["name"], shown["contact"]) == ("", "+38349000000")
    assert CasePerson.objects.get().age_group == "adult"
    blank = client.post(people_url(case, str(victim.pk), "remove"), {"reason": ""})
    assert blank.status_code == 400 and blank.context["form"].errors.keys() == {"reason"}
    assert client.post(people_url(case, str(victim.pk), "remove"), {"reason": "duplicate"}).status_code == 302
    assert not CasePerson.objects.exists()
    assert IdentityRead.objects.filter(case=case, person=None).count() == 1  # the read outlives the person
    removal = ChangeLogEntry.objects.get(object_type="conduct.caseperson", action="delete")
    assert removal.reason == "duplicate" and removal.before["name"] == ""


def test_the_api_adds_lists_changes_reveals_and_removes(case, conduct_people):
    client = signed_in(conduct_people["cdo"])
    base = f"/api/v1/conduct/cases/{case.pk}/people"
    created = post_json(
        client, base, {"role": "victim", "age_group": "adult", "name": NAME, "contact": PHONE}
    )
    assert created.status_code == 201 and NAME not in created.content.decode()
    pid = created.json()["id"]
    assert created.json()["identity_recorded"] == ["name", "contact"]
    listed = client.get(base)
    assert [p["role"] for p in listed.json()] == ["victim"] and NAME not in listed.content.decode()
    patched = post_json(
        client, f"{base}/{pid}", {"age_group": "child", "reason": "born 2010"}, method="patch"
    )
    assert patched.status_code == 200 and patched.json()["age_group"] == "child"
    bad = post_json(client, f"{base}/{pid}", {"age_group": "elder"}, method="patch")
    assert bad.status_code == 422 and bad.json()["field"] == "age_group"
    revealed = post_json(client, f"{base}/{pid}/reveal", {"reason": "psychosocial referral"})
    assert revealed.status_code == 200 and revealed["Cache-Control"] == "private, no-store, max-age=0"
    assert (revealed.json()["name"], revealed.json()["contact"]) == (NAME, PHONE)
    assert client.get(base).json()[0]["reads"] == 1
    assert client.delete(f"{base}/{pid}").status_code == 422  # a removal needs its reason
    assert client.delete(f"{base}/{pid}?reason=entered+twice").status_code == 204
    assert client.get(base).json() == []


def test_tokens_need_the_conduct_scopes(case, victim, conduct_people):
    _row, read_only = create_api_token(user=conduct_people["cdo"], scopes=["conduct:read"])
    _row, other = create_api_token(user=conduct_people["cdo"], scopes=["incidents:write"])
    base = f"/api/v1/conduct/cases/{case.pk}/people"
    client = Client()
    assert client.get(base, HTTP_AUTHORIZATION=f"Bearer {read_only}").status_code == 200
    assert client.get(base, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 403
    refused = post_json(client, base, {"role": "witness"}, HTTP_AUTHORIZATION=f"Bearer {read_only}")
    assert refused.status_code == 403 and CasePerson.objects.count() == 1


def test_a_value_moved_to_another_person_does_not_open(case, victim, conduct_people):
    other = identities.add_person(
        case, acting_user=conduct_people["cdo"], role="witness", name="Someone Else"
    )
    CasePerson.objects.filter(pk=other.pk).update(name_sealed=victim.name_sealed)  # copied at the database
    shown = identities.reveal(other, acting_user=conduct_people["cdo"], reason="statement")
    assert shown["name"] is None and shown["unopened"] == ["name"]
    page = signed_in(conduct_people["cdo"]).post(
        people_url(case, str(other.pk), "reveal"), {"reason": "again"}
    )
    assert NAME not in page.content.decode() and 'id="identity-unopened"' in page.content.decode()
    assert IdentityRead.objects.filter(person=other).count() == 2  # each attempt recorded all the same


def test_the_case_page_section_lists_people_without_identities(case, victim, conduct_people, rf):
    """The "People" card the case page includes (kit sections): role and age group, the button for those who may
    read identities, never a name."""
    from django.template.loader import render_to_string

    from peaceops.core.kit.sections import sections_for

    request = rf.get(f"/conduct/cases/{case.pk}/")
    for username, button in (("cdo", True), ("viewer", False)):
        request.user = conduct_people[username]
        (section,) = [s for s in sections_for(request, case) if s.key == "people"]
        html = render_to_string(section.template, {"section": section, "record": case}, request=request)
        assert "Victim" in html and "Child" in html and NAME not in html and PHONE not in html
        assert ("Show identity" in html) is button, username

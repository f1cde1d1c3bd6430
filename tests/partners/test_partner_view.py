"""The partner view /partners/<org>/: who may open it, and that it lists exactly what the organisation
receives, as that organisation reads it."""

import re

import pytest

from peaceops.partners.received import received_by

from .conftest import KFOR_RECEIVES, SECRET_SOURCE


def _listed(html: str) -> set[str]:
    table = html[html.index('id="received"'):]
    return set(re.findall(r'data-incident-id="([0-9a-f-]{36})"', table))


@pytest.mark.parametrize("who", ["kfor", "admin", "watch"])
def test_members_administrators_and_un_watch_officers_may_open_it(shared, people, signed_in, who):
    answer = signed_in(people[who]).get("/partners/KFOR/")
    assert answer.status_code == 200
    assert "What KFOR" in answer.content.decode()


@pytest.mark.parametrize("who", ["osce", "reporter", "viewer"])
def test_others_are_refused(shared, people, signed_in, who):
    assert signed_in(people[who]).get("/partners/KFOR/").status_code == 403


def test_signing_in_is_required(shared, client):
    answer = client.get("/partners/KFOR/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_an_unknown_organisation_is_not_found(shared, people, signed_in):
    assert signed_in(people["admin"]).get("/partners/NOPE/").status_code == 404


def test_it_lists_exactly_what_the_organisation_receives(shared, mission, orgs, kfor_sc, signed_in):
    html = signed_in(kfor_sc).get("/partners/KFOR/").content.decode()
    expected = {str(pk) for pk in received_by(orgs["KFOR"], mission).values_list("pk", flat=True)}
    assert _listed(html) == expected == {str(shared[k].pk) for k in KFOR_RECEIVES}
    assert re.search(r'id="received-total">4<', html)
    counts = dict(re.findall(r'data-classification="(\w+)"><td>\w+</td><td class="num">(\d+)<', html))
    assert counts == {"PUBLIC": "1", "CONFIDENTIAL": "2", "STRICTLY_CONFIDENTIAL": "1"}
    assert 'id="not-listed"' not in html


def test_it_shows_the_redaction_the_partner_gets(shared, kfor_sc, signed_in):
    html = signed_in(kfor_sc).get("/partners/KFOR/").content.decode()
    rows = dict(re.findall(r'data-incident-id="([0-9a-f-]{36})">.*?<td class="(withheld|released)">', html, re.S))
    assert rows[str(shared["released"].pk)] == "withheld"
    assert rows[str(shared["kfor_own"].pk)] == "released"
    assert SECRET_SOURCE not in html


def test_a_un_watch_officer_sees_what_the_mission_shares_and_is_told_of_the_rest(shared, people, signed_in):
    """The watch officer checks what UNMIK shares with KFOR; KFOR's own unreleased report is not theirs to read."""
    html = signed_in(people["watch"]).get("/partners/KFOR/").content.decode()
    assert _listed(html) == {str(shared[k].pk) for k in ("released", "public")}
    assert 'id="not-listed"' in html

"""A joint patrol is released to its partner as any record is: a KFOR user sees UNMIK's patrol joint with KFOR in
the API's list and detail, KFOR's signed patrols feed and the patrols page (without the people met, which
patrols withhold from partners), and never a UN-only patrol; KFOR's reporter neither edits nor re-releases the
owner's patrol. Sharing releases any of the new record types (a unit, here) like an incident."""

import pytest
from django.test import Client

from peaceops.force.services import ContingentService, UnitService
from peaceops.operations.services import PatrolService
from peaceops.sharing.services import release_record

LINE = [[20.86, 42.89], [20.87, 42.9]]
PEOPLE_MET = "The mayor of Zvečan and two elders"


def _patrol(person, mission, name, **data):
    return PatrolService().create(acting_user=person, mission=mission, data={
        "name": name, "patrol_type": "foot", "path": LINE, "planned_start": "2026-03-01T08:00:00Z",
        "planned_end": "2026-03-01T12:00:00Z", "summary": "Roadblock cleared", "people_met": PEOPLE_MET,
        "classification": "CONFIDENTIAL", **data})


@pytest.fixture
def patrols(mission, people):
    watch = people["watch"]
    return {"joint": _patrol(watch, mission, "Joint patrol Zvečan", joint_with="KFOR"),
            "un_only": _patrol(watch, mission, "UN patrol Leposavić")}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_joint_patrol_is_released_to_its_partner(patrols):
    assert [o.code for o in patrols["joint"].released_organisations()] == ["KFOR"]
    assert patrols["un_only"].released_organisations() == []


def test_a_kfor_user_sees_the_joint_patrol_and_not_the_un_only_one(patrols, people):
    kfor = _signed_in(people["kfor"])
    joint, un_only = str(patrols["joint"].pk), str(patrols["un_only"].pk)
    listed = {item["id"] for item in kfor.get("/api/v1/patrols", {"limit": 100}).json()["items"]}
    assert joint in listed and un_only not in listed
    detail = kfor.get(f"/api/v1/patrols/{joint}")
    assert detail.status_code == 200 and detail.json()["summary"] == "Roadblock cleared"
    assert detail.json()["people_met"] is None  # withheld from partners
    assert kfor.get(f"/api/v1/patrols/{un_only}").status_code == 404
    page = kfor.get("/operations/patrols/", {"view": "all"}).content.decode()
    assert "Joint patrol Zvečan" in page and "UN patrol Leposavić" not in page
    assert kfor.get(f"/operations/patrols/{joint}/").status_code == 200
    assert kfor.get(f"/operations/patrols/{un_only}/").status_code == 404


def test_kfors_patrols_feed_carries_the_joint_patrol_redacted(patrols, people):
    answer = _signed_in(people["kfor"]).get("/api/v1/partners/KFOR/feed/patrols", {"mission": "UNMIK"})
    assert answer.status_code == 200, answer.content
    records = {r["id"]: r for r in answer.json()["feed"]["records"] if r["op"] == "upsert"}
    assert set(records) == {str(patrols["joint"].pk)}
    patrol = records[str(patrols["joint"].pk)]["patrol"]
    assert patrol["summary"] == "Roadblock cleared" and patrol["people_met"] is None
    assert PEOPLE_MET not in answer.content.decode()


def test_the_owner_reads_the_people_met(patrols, people):
    detail = _signed_in(people["viewer"]).get(f"/api/v1/patrols/{patrols['joint'].pk}").json()
    assert detail["people_met"] == PEOPLE_MET


def test_kfors_reporter_neither_edits_nor_re_releases_the_owners_patrol(patrols, people):
    kfor, joint = _signed_in(people["kfor"]), patrols["joint"]
    changed = kfor.patch(f"/api/v1/patrols/{joint.pk}", {"summary": "Rewritten by KFOR"},
                         content_type="application/json")
    assert changed.status_code == 403
    released = kfor.post(f"/api/v1/patrols/{joint.pk}/releases", {"organisation": "OSCE"},
                         content_type="application/json")
    assert released.status_code == 403
    withdrawn = kfor.delete(f"/api/v1/patrols/{joint.pk}/releases?organisation=KFOR")
    assert withdrawn.status_code == 403
    assert kfor.get(f"/operations/patrols/{joint.pk}/edit/").status_code == 403
    joint.refresh_from_db()
    assert joint.summary == "Roadblock cleared"
    assert [o.code for o in joint.released_organisations()] == ["KFOR"]
    # the owner's reporter may
    mine = _signed_in(people["reporter"]).patch(f"/api/v1/patrols/{joint.pk}", {"summary": "Updated"},
                                                content_type="application/json")
    assert mine.status_code == 200


def test_sharing_releases_a_unit_to_a_partner(mission, orgs, people):
    admin = people["admin"]
    ContingentService().create(acting_user=admin, mission=mission, data={
        "name": "Polish contingent", "country": "POL", "source_id": "POL", "classification": "CONFIDENTIAL"})
    unit = UnitService().create(acting_user=admin, mission=mission, data={
        "name": "POLUKRBAT", "contingent": "POL", "notes": "Moves north in May", "classification": "CONFIDENTIAL"})
    kfor = _signed_in(people["kfor"])
    assert kfor.get(f"/api/v1/units/{unit.pk}").status_code == 404
    release_record(unit, acting_user=admin, organisations=[orgs["KFOR"]], reason="joint planning")
    assert kfor.get(f"/api/v1/units/{unit.pk}").json()["notes"] is None
    feed = kfor.get("/api/v1/partners/KFOR/feed/units", {"mission": "UNMIK"}).json()["feed"]["records"]
    assert [r["id"] for r in feed if r["op"] == "upsert"] == [str(unit.pk)]
    assert "Moves north" not in str(feed)

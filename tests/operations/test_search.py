"""Patrols in the one search: found by source id (first) and name, by who may see them only; a patrol
released to KFOR (joint) is found by KFOR's user, a UN-only one is not. Checkpoint shifts are not searched
(the shifts list filters them by a seized weapon's serial number)."""

from django.test import Client

from peaceops.core.kit.search import EXACT_ID, TITLE, search
from peaceops.operations.services import CheckpointShiftService, PatrolService
from peaceops.sites.services import SiteService

LINE = [[20.86, 42.89], [20.87, 42.9]]


def _patrol(person, mission, name, **data):
    return PatrolService().create(acting_user=person, mission=mission, data={
        "name": name, "path": LINE, "planned_start": "2026-03-01T08:00:00Z", "planned_end": "2026-03-01T12:00:00Z",
        "classification": "CONFIDENTIAL", **data})


def test_a_reader_finds_only_the_patrols_visible_to_them(mission, people):
    watch = people["watch"]
    joint = _patrol(watch, mission, "Joint patrol Ibar", joint_with="KFOR", source_id="PTL-7")
    un_only = _patrol(watch, mission, "UN patrol Ibar")
    found = {hit.record.pk: hit.rank for hit in search(people["viewer"], "patrol ibar", types=["patrols"]).hits}
    assert found == {joint.pk: TITLE, un_only.pk: TITLE}
    assert [h.record.pk for h in search(people["kfor"], "patrol ibar", types=["patrols"]).hits] == [joint.pk]
    assert search(people["osce"], "patrol ibar", types=["patrols"]).count == 0
    exact = search(people["viewer"], "ptl-7").hits
    assert [(h.record.pk, h.rank) for h in exact] == [(joint.pk, EXACT_ID)]


def test_the_search_api_needs_an_operations_scope(mission, people):
    _patrol(people["watch"], mission, "Night patrol Zubin", classification="PUBLIC")
    client = Client()
    client.force_login(people["osce"])
    items = client.get("/api/v1/search", {"q": "Night patrol"}).json()["items"]
    assert [item["type"] for item in items] == ["patrols"]


def test_checkpoint_shifts_are_found_by_serial_number_in_their_list_not_the_search(mission, people):
    admin = people["admin"]
    site = SiteService().create(acting_user=admin, mission=mission, data={
        "name": "Checkpoint Jarinje", "site_type": "checkpoint", "lon": 20.77, "lat": 43.14,
        "classification": "PUBLIC"})
    shift = CheckpointShiftService().create(acting_user=admin, mission=mission, data={
        "site": site.pk, "started_at": "2026-03-01T06:00:00Z", "classification": "PUBLIC",
        "weapons": [{"serial_number": "ZX-99812", "weapon_type": "pistol"}]})
    assert search(people["viewer"], "ZX-99812").count == 0
    client = Client()
    client.force_login(people["viewer"])
    listed = client.get("/api/v1/checkpoint-shifts", {"serial": "zx-99812"}).json()["items"]
    assert [item["id"] for item in listed] == [str(shift.pk)]

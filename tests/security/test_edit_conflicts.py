"""Edit conflicts reveal nothing: a conflict is seen only by its author or by who may edit its record, while
the record is visible to them; partners never see UNMIK's conflicts, in the list, the menu or a record's page;
showing a STRICTLY CONFIDENTIAL record's conflict is sealed in the ledger as a sensitive view."""

from django.test import Client
from lxml import html

from peaceops.ledger.models import LedgerEntry


def signed_in(world, actor) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def listed(client) -> set[str]:
    page = html.fromstring(client.get("/conflicts/").content.decode())
    return set(page.xpath("//ul[@id='conflict-list']/li/@data-conflict-id"))


def test_the_list_shows_only_conflicts_one_may_resolve(security_world, db):
    ids = {label: str(pk) for label, pk in security_world.conflicts.items()}
    assert listed(signed_in(security_world, "watch")) == {ids["unmik-only"], ids["to-kfor"]}  # not the strict one
    assert listed(signed_in(security_world, "admin")) == set(ids.values())
    for actor in ("viewer", "sc", "partner", "outsider"):
        assert listed(signed_in(security_world, actor)) == set(), actor


def test_partners_see_no_banner_and_no_menu_on_a_record_released_to_them(security_world, db):
    incident = security_world.record(released=True)
    partner = signed_in(security_world, "partner")
    page = html.fromstring(partner.get(f"/incidents/{incident.id}/").content.decode())
    assert page.xpath("//*[@id='incident-title']")  # they do see the incident
    assert not page.xpath("//*[@id='conflict-banner']") and not page.xpath("//*[@id='nav-conflicts']")
    watch = html.fromstring(signed_in(security_world, "watch").get(f"/incidents/{incident.id}/").content.decode())
    assert watch.xpath("//*[@id='conflict-banner']") and watch.xpath("//*[@id='nav-conflicts']")


def test_a_partner_cannot_resolve_or_discard_a_conflict(security_world, db):
    pk = security_world.conflicts["to-kfor"]
    partner = signed_in(security_world, "partner")
    assert partner.post(f"/conflicts/{pk}/", {"action": "discard"}).status_code == 404
    assert partner.post(f"/conflicts/{pk}/", {"action": "apply", "choice-title": "mine"}).status_code == 404


def test_showing_a_strictly_confidential_conflict_is_sealed(security_world, db):
    import json

    last = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    admin = signed_in(security_world, "admin")
    assert admin.get(f"/conflicts/{security_world.conflicts['strict']}/").status_code == 200
    sealed = [json.loads(e.payload) for e in LedgerEntry.objects.filter(id__gt=last, kind="sensitive-view")]
    assert [(p["object_id"], p["via"]) for p in sealed] == [(security_world.record(
        classification="STRICTLY_CONFIDENTIAL").id, "conflict")]

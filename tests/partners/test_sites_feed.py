"""The signed sites feed (`/api/v1/partners/{org}/feed/sites`): a partner pulls exactly the sites it receives,
without the fields sites withhold from partners (their notes) unless it owns them, with withdrawals; an
unrelated organisation gets nothing; the signature verifies and the incidents feed is unchanged beside it."""

import io

import orjson
import pytest
from django.core.management import call_command

from peaceops.core.choices import Role
from peaceops.partners.signing import FeedInvalid, load_public_key, verify_feed
from peaceops.sites.services import SiteService
from tests.factories import member

FEED = "/api/v1/partners/KFOR/feed/sites"
NOTES = "Night patrols leave through the north gate at 02:00"


def _site(person, mission, name, classification="CONFIDENTIAL", releasable_to=(), owner=None):
    data = {"name": name, "site_type": "team_site", "lon": 20.87, "lat": 42.89, "notes": NOTES,
            "classification": classification, "releasable_to": list(releasable_to),
            "years": [{"year": 2020, "troops": 40, "units": {"infantry": 1}, "countries": []}]}
    return SiteService().create(acting_user=person, mission=mission, data=data, owner=owner)


@pytest.fixture
def sites(mission, orgs, people):
    """Sites by key: what UNMIK deploys, with who receives which (and one of KFOR's own)."""
    admin = people["admin"]
    return {
        "released": _site(admin, mission, "Team site Mitrovica", releasable_to=["KFOR"]),
        "public": _site(admin, mission, "Mission HQ Pristina", "PUBLIC"),
        "unmik_only": _site(admin, mission, "Camp Bondsteel liaison cell"),
        "osce_only": _site(admin, mission, "Checkpoint Jarinje", releasable_to=["OSCE"]),
        "kfor_own": _site(member(mission, orgs["KFOR"], Role.MISSION_ADMIN, username="kfor-admin"), mission,
                          "KFOR base Novo Selo", owner=orgs["KFOR"]),
    }


KFOR_RECEIVES = {"released", "public", "kfor_own"}


def _pull(client, cursor=0, feed=FEED):
    answer = client.get(feed, {"mission": "UNMIK", "cursor": cursor})
    assert answer.status_code == 200, answer.content
    return answer.content


def _read(body: bytes) -> dict:
    return orjson.loads(body)["feed"]


def test_a_partner_pulls_only_the_sites_released_to_it_redacted(sites, people, token_client, public_key_file):
    body = _pull(token_client(people["kfor"]))
    feed = verify_feed(body, load_public_key(public_key_file.read_bytes()))
    assert feed["mission"] == "UNMIK" and feed["partner"] == "KFOR" and feed["format"] == "peaceops-partner-feed/1"
    assert {r["id"] for r in feed["records"]} == {str(sites[k].pk) for k in KFOR_RECEIVES}
    by_id = {r["id"]: r for r in feed["records"]}
    released = by_id[str(sites["released"].pk)]
    assert released["op"] == "upsert" and "incident" not in released
    assert released["site"]["name"] == "Team site Mitrovica" and released["site"]["releasable_to"] == ["KFOR"]
    assert released["site"]["years"][0]["troops"] == 40
    assert released["site"]["notes"] is None and released["site"]["withheld"] == ["notes"]
    assert by_id[str(sites["public"].pk)]["site"]["notes"] is None
    own = by_id[str(sites["kfor_own"].pk)]["site"]  # its own site KFOR reads whole
    assert own["notes"] == NOTES and own["withheld"] == []
    assert body.decode().count(NOTES) == 1


def test_a_withdrawn_release_reaches_the_partner_as_a_withdrawal(sites, people, orgs, token_client):
    from peaceops.sharing.services import withdraw_release

    client = token_client(people["kfor"])
    cursor = _read(_pull(client))["cursor_to"]
    withdraw_release(sites["released"], acting_user=people["admin"], organisation=orgs["KFOR"])
    withdraw_release(sites["osce_only"], acting_user=people["admin"], organisation=orgs["OSCE"])
    feed = _read(_pull(client, cursor))
    assert [(r["id"], r["op"], r.get("reason")) for r in feed["records"]] == [
        (str(sites["released"].pk), "withdraw", "no longer released")]  # OSCE's site was never KFOR's


def test_an_unrelated_organisation_gets_nothing(sites, people, token_client):
    osce = token_client(people["osce"])
    answer = osce.get(FEED, {"mission": "UNMIK"})  # KFOR's feed
    assert answer.status_code == 403 and "KFOR" in answer.json()["detail"]
    assert NOTES not in answer.content.decode() and "Mitrovica" not in answer.content.decode()
    own = _read(_pull(osce, feed="/api/v1/partners/OSCE/feed/sites"))  # its own: none of KFOR's sites
    assert {r["id"] for r in own["records"]} == {str(sites["public"].pk), str(sites["osce_only"].pk)}
    assert NOTES not in orjson.dumps(own).decode()


def test_an_altered_sites_feed_fails_verification(sites, people, token_client, public_key_file):
    body = _pull(token_client(people["kfor"]))
    assert verify_feed(body, load_public_key(public_key_file.read_bytes()))["records"]
    tampered = body.replace(b"Team site Mitrovica", b"Team site Mitrovicb")
    with pytest.raises(FeedInvalid):
        verify_feed(tampered, load_public_key(public_key_file.read_bytes()))


def test_the_incidents_feed_carries_no_sites(sites, people, token_client):
    client = token_client(people["kfor"])
    assert _read(_pull(client, feed="/api/v1/partners/KFOR/feed"))["records"] == []
    assert _read(_pull(client, feed="/api/v1/partners/KFOR/feed/incidents"))["records"] == []
    assert _read(_pull(client))["records"]


def test_an_unknown_record_type_has_no_feed(sites, people, token_client):
    answer = token_client(people["kfor"]).get("/api/v1/partners/KFOR/feed/weapons", {"mission": "UNMIK"})
    assert answer.status_code == 404 and "sites" in answer.json()["detail"]


def test_export_feed_writes_the_sites_feed(sites, tmp_path, public_key_file):
    path = tmp_path / "kfor.sites.json"
    call_command("export_feed", "--mission", "UNMIK", "--partner", "KFOR", "--record-type", "sites",
                 "-o", str(path), stdout=io.StringIO())
    feed = verify_feed(path.read_bytes(), load_public_key(public_key_file.read_bytes()))
    assert {r["id"] for r in feed["records"]} == {str(sites[k].pk) for k in KFOR_RECEIVES}
    assert all("site" in r for r in feed["records"])
    out = io.StringIO()
    call_command("verify_feed", str(path), "--public-key", str(public_key_file), stdout=out)
    assert out.getvalue().startswith("VERIFIED: feed of UNMIK for KFOR") and "3 site(s), 0 withdrawal(s)" in out.getvalue()

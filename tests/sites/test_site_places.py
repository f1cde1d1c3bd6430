"""Deployment sites in the one place search (issue 13, "places people know": the mission's own sites): a site
is found by its name in another script or spelling and with a typo, shown with its type in words and its
municipality, and a map point may be named after it — only for those who may see the site. Renaming, moving
and deleting it through the sites service keeps the search in step, and `peaceops reindex-places` rebuilds it."""

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.geo.models import PlaceIndexName
from peaceops.sites.services import SiteService
from peaceops.testing.world import make_areas

API = "/api/v1/geo"
CAMP = (20.31, 42.27)  # in Westmark (peaceops.testing.world.make_areas)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def search(user, q, **params) -> list[dict]:
    response = client_for(user).get(f"{API}/places", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def nearest(user, lon, lat) -> list[dict]:
    response = client_for(user).get(f"{API}/nearest", {"lon": lon, "lat": lat})
    assert response.status_code == 200, response.content
    return response.json()


def sites_in(found) -> list[str]:
    return [hit["name"] for hit in found if hit["source"] == "sites"]


@pytest.fixture
def camp(mission, people):
    """A CONFIDENTIAL team site of UNMIK's, released to no one: UNMIK's staff see it, KFOR and OSCE do not."""
    make_areas(mission)
    return SiteService().create(acting_user=people["admin"], mission=mission, data={
        "name": "Zvečan team site", "site_type": "team_site", "lon": CAMP[0], "lat": CAMP[1],
        "location_name": "Zvečan", "classification": "CONFIDENTIAL"})


@pytest.mark.parametrize("query", ["Zvečan team site", "zvecan team site", "Звечан", "Zvecan",
                                   "Zvecan teem site", "Zvčean team site"])
def test_a_visible_site_is_found_in_any_script_spelling_or_with_a_typo(camp, people, query):
    first = search(people["watch"], query)[0]
    assert (first["source"], first["name"], first["id"]) == ("sites", "Zvečan team site", str(camp.pk))
    assert (first["kind"], first["code"], first["within"], first["mission"]) == (
        "Team site", "team_site", "Westmark", "UNMIK")


def test_the_site_type_in_the_readers_language(camp, people):
    found = client_for(people["watch"]).get(f"{API}/places", {"q": "Zvecan team site"},
                                            HTTP_ACCEPT_LANGUAGE="sq").json()
    assert found[0]["name"] == "Zvečan team site" and found[0]["kind"] not in ("Team site", "team_site")


@pytest.mark.parametrize("who", ["kfor", "osce"])
def test_a_site_one_may_not_see_is_never_found_nor_counted(mission, people, who):
    make_areas(mission)
    queries = ["Zvečan team site", "Zvecan", "Zvecan teem site", "team site"]
    before = {q: search(people[who], q, limit=50) for q in queries}
    before_near = nearest(people[who], *CAMP)
    SiteService().create(acting_user=people["admin"], mission=mission, data={
        "name": "Zvečan team site", "site_type": "team_site", "lon": CAMP[0], "lat": CAMP[1],
        "location_name": "Zvečan", "classification": "CONFIDENTIAL"})
    assert sites_in(search(people["watch"], "Zvecan")) == ["Zvečan team site"]  # it is there
    for q in queries:  # the same answer, to the byte, as before the site existed
        assert search(people[who], q, limit=50) == before[q], q
    assert nearest(people[who], *CAMP) == before_near


def test_a_site_released_to_a_partner_is_found_by_it(camp, people, mission):
    assert sites_in(search(people["kfor"], "Zvecan")) == []
    SiteService().release(camp, acting_user=people["admin"], organisation=people["kfor"].memberships.get(
        mission=mission).organisation)
    assert sites_in(search(people["kfor"], "Zvecan")) == ["Zvečan team site"]
    assert sites_in(search(people["osce"], "Zvecan")) == []


def test_a_map_point_is_named_after_the_nearest_visible_site(camp, people):
    here = nearest(people["watch"], CAMP[0] + 0.001, CAMP[1])
    assert [(p["source"], p["name"], p["kind"], p["within"]) for p in here] == [
        ("sites", "Zvečan team site", "Team site", "Westmark")]
    assert here[0]["distance_km"] < 0.2
    page = client_for(people["watch"]).get("/incidents/places/nearest/", {"lon": CAMP[0], "lat": CAMP[1]})
    assert "Nearest known place: Zvečan team site (Team site)" in page.content.decode()
    assert nearest(people["kfor"], CAMP[0] + 0.001, CAMP[1]) == []  # no gazetteer here, the site unseen


def test_renaming_moving_and_deleting_a_site_keep_the_search_in_step(camp, people):
    service, admin = SiteService(), people["admin"]
    service.update(camp, acting_user=admin, changes={"name": "Banjska camp", "site_type": "camp"})
    assert sites_in(search(people["watch"], "Banjska")) == ["Banjska camp"]
    assert search(people["watch"], "Banjska")[0]["kind"] == "Camp"
    assert "Zvečan team site" not in sites_in(search(people["watch"], "Zvecan team site", limit=50))
    moved = service.update(camp, acting_user=admin, changes={"lon": 20.9, "lat": 42.3})  # to Eastfield
    assert nearest(people["watch"], 20.9, 42.3)[0]["name"] == "Banjska camp"
    assert nearest(people["watch"], *CAMP) == []
    assert search(people["watch"], "Banjska")[0]["within"] == "Eastfield"
    service.delete(moved, acting_user=admin)
    assert sites_in(search(people["watch"], "Banjska")) == []
    assert not PlaceIndexName.objects.filter(record_type="sites").exists()


def test_reindex_places_rebuilds_the_sites_names(camp, people, capsys):
    PlaceIndexName.objects.filter(record_type="sites").delete()
    assert sites_in(search(people["watch"], "Zvecan")) == []
    call_command("reindex_places")
    assert sites_in(search(people["watch"], "Zvecan")) == ["Zvečan team site"]

"""The one search, as a user meets it: the page (/search/), the header's box and the API (/api/v1/search).
It finds incidents and sites by id, name and text, best match first, and never shows nor counts what the
searcher may not see."""

import gettext as gettext_module
import json
import re

import pytest
from django.test import Client

from peaceops.core.kit.search import MAX_QUERY, search
from peaceops.core.models import Organisation
from peaceops.core.services import create_api_token
from peaceops.incidents.services import create_incident
from peaceops.sites.services import SiteService
from peaceops.testing.world import build_kit_world
from tests.factories import incident_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_kit_world("SRCH")
    admin = world.users["mission_admin"]
    world.incident = create_incident(acting_user=admin, mission=world.mission, owner=world.owner, data=incident_data(
        title="Roadblock at the Ibar bridge", description="Youths blocked the northern end.",
        location_name="Mitrovica", classification="PUBLIC", external_id="SRCH-INC-0042", category_path=None))
    world.secret = create_incident(acting_user=admin, mission=world.mission, owner=world.owner, data=incident_data(
        title="Weapons cache near Zubin Potok", location_name="Zubin Potok", classification="CONFIDENTIAL",
        category_path=None))
    world.site = SiteService().create(acting_user=admin, mission=world.mission, owner=world.owner, data={
        "name": "Camp Ibar", "site_type": "camp", "lon": 20.87, "lat": 42.89, "location_name": "Mitrovica north",
        "classification": "PUBLIC", "notes": "guarded by the Zubin company"})
    world.outside = SiteService().create(
        acting_user=world.users["outsider"], mission=world.other_mission,
        owner=Organisation.objects.get(code="SRCH-OUT"),
        data={"name": "Ibar river post", "lon": 21.0, "lat": 43.0, "classification": "PUBLIC"})
    return world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _found(page: str) -> set[str]:
    return set(re.findall(r'data-id="([0-9a-f-]{36})"', page))


def test_the_page_finds_an_incident_and_a_site_by_name(world):
    page = _client(world.users["viewer"]).get("/search/", {"q": "ibar"})
    text = page.content.decode()
    assert page.status_code == 200
    assert _found(text) == {str(world.incident.pk), str(world.site.pk)}
    assert f'href="/incidents/{world.incident.pk}/"' in text and f'href="/sites/{world.site.pk}/"' in text
    assert "2 records found for “ibar”" in text


def test_an_exact_id_comes_first_then_titles_then_text(world):
    admin = world.users["mission_admin"]
    by_id = search(admin, "srch-inc-0042")
    assert [h.record.pk for h in by_id.hits] == [world.incident.pk] and by_id.hits[0].rank == 0
    by_own_id = search(admin, str(world.site.pk))
    assert [h.record.pk for h in by_own_id.hits] == [world.site.pk]
    mitrovica = search(admin, "mitrovica")  # the incident's place, the site's place: text matches only
    assert {h.rank for h in mitrovica.hits} == {2} and mitrovica.count == 2
    zubin = search(admin, "zubin")  # the secret incident's title; the site's notes are not searched
    assert [h.record.pk for h in zubin.hits] == [world.secret.pk] and zubin.hits[0].rank == 1


def test_a_confidential_record_of_another_organisation_is_neither_found_nor_counted(world):
    for who in ("unrelated", "partner"):
        results = search(world.users[who], "zubin")
        assert results.hits == [] and results.count == 0, who
        page = _client(world.users[who]).get("/search/", {"q": "Weapons cache"}).content.decode()
        assert _found(page) == set() and "0 records found" in page, who
    answer = _client(world.users["unrelated"]).get("/api/v1/search", {"q": "weapons"}).json()
    assert answer["count"] == 0 and answer["items"] == []
    assert answer["counts"] == {"incidents": 0, "sites": 0, "alerts": 0, "focal-points": 0, "contingents": 0,
                                "units": 0, "patrols": 0, "conduct-cases": 0}  # the types it reads
    assert search(world.users["viewer"], "weapons").count == 1  # the owner's members see it


def test_an_outsider_missions_records_do_not_show(world):
    assert _found(_client(world.users["viewer"]).get("/search/", {"q": "ibar"}).content.decode()) == {
        str(world.incident.pk), str(world.site.pk)}
    outsider = search(world.users["outsider"], "ibar")
    assert [h.record.pk for h in outsider.hits] == [world.outside.pk] and outsider.count == 1


@pytest.mark.parametrize("q,message", [("", "Type something to search for."), ("   ", "Type something to search for."),
                                       ("x" * (MAX_QUERY + 1), f"at most {MAX_QUERY} characters")])
def test_an_empty_or_overlong_query_says_why(world, q, message):
    client = _client(world.users["viewer"])
    page = client.get("/search/", {"q": q})
    assert page.status_code == 400 and message in page.content.decode()
    assert 'id="search-error"' in page.content.decode()
    answer = client.get("/api/v1/search", {"q": q})
    assert answer.status_code == 422 and answer.json()["field"] == "q" and message in answer.json()["detail"]


def test_the_page_without_a_query_and_the_header_box(world):
    client = _client(world.users["viewer"])
    page = client.get("/search/").content.decode()
    assert 'id="search-error"' not in page and 'name="q"' in page
    dashboard = client.get("/dashboard/").content.decode()
    assert re.search(r'<form method="get" action="/search/"[^>]*role="search"', dashboard)
    assert 'id="header-search-q"' in dashboard


def test_results_are_paged_without_javascript(world):
    admin = world.users["mission_admin"]
    service = SiteService()
    for n in range(25):
        service.create(acting_user=admin, mission=world.mission, owner=world.owner,
                       data={"name": f"Observation post {n:02d}", "lon": 20.9, "lat": 42.9})
    client = _client(admin)
    first = client.get("/search/", {"q": "observation post"}).content.decode()
    assert len(_found(first)) == 20 and 'rel="next" href="?q=observation%20post&amp;page=2"' in first
    second = client.get("/search/", {"q": "observation post", "page": 2}).content.decode()
    assert len(_found(second)) == 5 and _found(first).isdisjoint(_found(second))
    api = client.get("/api/v1/search", {"q": "observation post", "per_page": 10, "page": 3}).json()
    assert api["count"] == 25 and api["pages"] == 3 and len(api["items"]) == 5 and api["next_page"] is None


def test_a_token_searches_only_the_record_types_it_reads(world):
    viewer = world.users["viewer"]
    _, incidents_only = create_api_token(user=viewer, name="reader", scopes=["incidents:read"])
    answer = Client(headers={"Authorization": f"Bearer {incidents_only}"}).get("/api/v1/search", {"q": "ibar"})
    assert answer.status_code == 200
    assert [(i["type"], i["id"]) for i in answer.json()["items"]] == [("incidents", str(world.incident.pk))]
    _, geo_only = create_api_token(user=viewer, name="geo", scopes=["geo:read"])
    refused = Client(headers={"Authorization": f"Bearer {geo_only}"}).get("/api/v1/search", {"q": "ibar"})
    assert refused.status_code == 403


def test_the_api_names_where_it_matched(world):
    answer = _client(world.users["viewer"]).get("/api/v1/search", {"q": "SRCH-INC-0042"}).json()
    assert answer["items"][0] | {} == {
        "type": "incidents", "id": str(world.incident.pk), "title": "Roadblock at the Ibar bridge",
        "summary": answer["items"][0]["summary"], "mission": "SRCH", "classification": "PUBLIC", "match": "id",
        "url": f"/incidents/{world.incident.pk}/"}
    assert json.dumps(answer)  # plain JSON
    bad = _client(world.users["viewer"]).get("/api/v1/search", {"q": "ibar", "types": "planets"})
    assert bad.status_code == 422 and bad.json()["field"] == "types"


class _Pseudo(gettext_module.NullTranslations):
    """A pseudo-Albanian: every string that went through gettext comes out in ⟦brackets⟧."""

    def gettext(self, message):
        return f"⟦{message}⟧"

    def ngettext(self, singular, plural, n):
        return f"⟦{singular if n == 1 else plural}⟧"

    def to_language(self):
        return "sq"


def test_the_page_strings_are_wrapped_for_translation(world, monkeypatch):
    """In Albanian, none of the search page's own words is left in English (the lead fills the catalogue)."""
    from django.utils.translation import trans_real

    real = trans_real.translation
    monkeypatch.setattr(trans_real, "translation", lambda language: _Pseudo() if language == "sq" else real(language))
    client = _client(world.users["viewer"])
    client.post("/i18n/setlang/", {"language": "sq", "next": "/"})
    for params in ({"q": "ibar"}, {"q": ""}, {}, {"q": "observation", "page": 2}):
        page = client.get("/search/", params).content.decode()
        own = page[page.index('<section class="card search-page"'):page.index("</section>")]
        header = page[page.index('class="inline-form header-search"'):]
        header = header[:header.index("</form>")]
        for data in ("Roadblock at the Ibar bridge", "Camp Ibar", "ibar", "observation", "SRCH"):
            own = own.replace(data, "")
        untranslated = re.sub(r"⟦.*?⟧", "", own + header, flags=re.S)
        for word in ("Search", "record", "found", "Type something", "Incidents", "Deployment sites", "Page",
                     "exact id", "Camp", "Public"):
            assert word not in untranslated, (params, word, untranslated)


def test_a_strictly_confidential_record_shown_in_the_results_is_sealed_in_the_ledger(world):
    from peaceops.ledger.models import LedgerEntry

    admin = world.users["mission_admin"]
    strict = create_incident(acting_user=admin, mission=world.mission, owner=world.owner, data=incident_data(
        title="Informant meeting at Ibar", classification="STRICTLY_CONFIDENTIAL", category_path=None))
    before = LedgerEntry.objects.filter(kind="sensitive-view").count()
    page = _client(admin).get("/search/", {"q": "informant"}).content.decode()
    assert _found(page) == {str(strict.pk)}
    entry = LedgerEntry.objects.filter(kind="sensitive-view").order_by("pk").last()
    assert LedgerEntry.objects.filter(kind="sensitive-view").count() == before + 1
    payload = json.loads(entry.payload)
    assert payload["via"] == "search" and payload["object_ids"] == [str(strict.pk)]
    assert search(world.users["viewer"], "informant").count == 0  # a viewer has no strictly-confidential sight

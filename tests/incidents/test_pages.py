"""The incident detail page: what an officer reads about one incident, and who may read it at all."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import shapely
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html
from shapely.geometry import Point, shape

import peaceops
from peaceops.core.choices import Classification
from peaceops.geo.loaders import load_boundaries
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.services import IncidentService, create_incident, update_incident
from tests.factories import incident_data

BOUNDARIES = Path(peaceops.__file__).parent / "demo" / "data" / "boundaries"
BRIDGE = (20.8671, 42.8914)


def sign_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def text_of(page, element_id: str) -> str:
    """The visible text of one element of the page, whitespace collapsed."""
    found = page.get_element_by_id(element_id)
    return " ".join(found.text_content().split())


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


@pytest.fixture
def confidential(mission, people, orgs):
    """A UNMIK incident, CONFIDENTIAL and released to KFOR, with graded sources, casualties and actors."""
    data = incident_data(
        title="Shots fired at a patrol near the bridge",
        description="Two shots heard from the north bank.",
        classification=Classification.CONFIDENTIAL, releasable_to=["KFOR"],
        occurred_end=dt.datetime(2026, 3, 1, 15, 0, tzinfo=dt.UTC),
        location_name="Ibar bridge", location_precision="near",
        casualties=[CasualtyData(group="civilians", killed_low=1, killed_best=2, killed_high=3, injured_best=4,
                                 injured_high=6),
                    CasualtyData(group="security_forces", killed_high=1)],
        actors=[ActorData(name="Unidentified gunmen", role="perpetrator", type="criminal_group"),
                ActorData(name="KFOR patrol", role="target", type="international_force")],
        sources=[SourceData(type="media", reference="Koha Ditore, 2 March", reliability="B", credibility="2"),
                 SourceData(type="patrol", reference="KFOR SITREP 61", reliability="A", credibility="1")],
    )
    return create_incident(acting_user=people["watch"], mission=mission, data=data)


def test_detail_shows_fields_grading_casualties_and_releasability(client, people, confidential):
    page = get_page(sign_in(client, people["watch"]), reverse("incidents:detail", args=[confidential.pk]))
    assert text_of(page, "incident-title") == "Shots fired at a patrol near the bridge"
    assert text_of(page, "incident-description") == "Two shots heard from the north bank."
    assert text_of(page, "incident-status") == "Reported"
    assert text_of(page, "incident-category") == "Inter-ethnic incident"
    assert "Ibar bridge" in text_of(page, "incident-place")
    assert "2026-03-01 14:30 – 2026-03-01 15:00 UTC" in text_of(page, "incident-occurred")
    assert text_of(page, "releasability") == "CONFIDENTIAL - releasable to UNMIK, KFOR"
    sources = text_of(page, "sources")
    assert "B2 - usually reliable, probably true" in sources
    assert "A1 - completely reliable, confirmed by other sources" in sources
    assert "Koha Ditore, 2 March" in sources
    rows = {row.get("data-group"): " ".join(row.text_content().split())
            for row in page.get_element_by_id("casualties").iter("tr") if row.get("data-group")}
    assert rows["civilians"] == "Civilians 1 / 2 / 3 0 / 4 / 6"
    assert rows["security_forces"] == "Security forces 0 / 0 / 1 0 / 0 / 0"
    assert rows["total"] == "Total 1 / 2 / 4 0 / 4 / 6"  # the sum of the two groups
    actors = text_of(page, "actors")
    assert "Unidentified gunmen — Perpetrator (Criminal group)" in actors
    assert "KFOR patrol — Target (International force)" in actors
    history = text_of(page, "history")
    assert history.startswith("Created by watch")
    marker = page.get_element_by_id("incident-map")
    assert (float(marker.get("data-lon")), float(marker.get("data-lat"))) == BRIDGE
    assert marker.get("data-precision") == "near"


def test_edit_button_only_for_those_who_may_edit(client, people, confidential):
    url = reverse("incidents:detail", args=[confidential.pk])
    assert get_page(sign_in(client, people["watch"]), url).xpath("//a[@id='edit-incident']")
    assert not get_page(sign_in(client, people["viewer"]), url).xpath("//a[@id='edit-incident']")
    # KFOR may read it (released to KFOR) but not edit UNMIK's record.
    assert not get_page(sign_in(client, people["kfor"]), url).xpath("//a[@id='edit-incident']")


def test_history_shows_who_why_and_what_changed(client, people, confidential):
    update_incident(confidential, acting_user=people["admin"], reason="Confirmed by KFOR liaison",
                    changes={"status": "verified", "title": "Shots fired at a KFOR patrol"})
    page = get_page(sign_in(client, people["watch"]), reverse("incidents:detail", args=[confidential.pk]))
    entries = page.xpath("//li[@class='history-entry']")
    assert [e.get("data-action") for e in entries] == ["create", "update"]
    update = " ".join(entries[1].text_content().split())
    assert update.startswith("Updated by admin")
    assert "Reason: Confirmed by KFOR liaison" in update
    diff = {row[0].text_content(): (row[1].text_content(), row[2].text_content())
            for row in entries[1].xpath(".//table//tbody/tr")}
    assert diff == {"Title": ("Shots fired at a patrol near the bridge", "Shots fired at a KFOR patrol"),
                    "Status": ("Reported", "Verified")}


def test_admin_areas_in_the_readers_language(client, mission, people):
    path = BOUNDARIES / "cgaz_XKX_ADM1.geojson"
    names = json.loads((BOUNDARIES / "kosovo_names.json").read_text(encoding="utf-8"))
    load_boundaries(path, mission=mission, level=1, names=names)
    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    # The containing district, found from the file with shapely (not through the platform's index).
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    containing = next(f for f in features
                      if shapely.make_valid(shape(f["geometry"])).contains(Point(*BRIDGE)))
    expected = names[containing["properties"]["shapeID"]]
    client = sign_in(client, people["watch"])
    url = reverse("incidents:detail", args=[incident.pk])
    for language in ("en", "sq", "sr"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert text_of(get_page(client, url), "incident-admin-areas") == expected[language]


def _photo(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "grey").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_detail_query_count_does_not_grow_with_children_or_history(client, mission, people):
    small = create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    big = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        classification=Classification.CONFIDENTIAL, releasable_to=["KFOR", "OSCE"],
        casualties=[CasualtyData(group=g, killed_best=1, killed_high=2)
                    for g in ("civilians", "un_personnel", "security_forces", "other")],
        actors=[ActorData(name=f"Group {n}") for n in range(6)],
        sources=[SourceData(reliability=r, credibility="3") for r in "ABCDEF"],
    ))
    for n in range(5):
        big = update_incident(big, acting_user=people["watch"], changes={"title": f"Edited {n}",
                              "category_path": "mission/crime" if n % 2 else "mission/arrest"})
    IncidentService().attach(big, [_photo(f"photo-{n}.png") for n in range(3)], acting_user=people["watch"])
    client = sign_in(client, people["watch"])
    small_url = reverse("incidents:detail", args=[small.pk])
    big_url = reverse("incidents:detail", args=[big.pk])
    _query_count(client, small_url)  # warm per-process caches
    assert _query_count(client, big_url) == _query_count(client, small_url)
    assert _query_count(client, big_url) <= 20  # 16, one each for the photos card, linked sources and records, the bell
    history = get_page(client, big_url).xpath("//li[@class='history-entry']")
    assert len(history) == 6

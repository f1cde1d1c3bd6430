"""Every place that shows a STRICTLY CONFIDENTIAL record leaves a ledger entry naming the user and the record;
the same place showing no such record writes none.

Each place is asked twice by the mission administrator (who may read STRICTLY CONFIDENTIAL records, edit
any incident and pull any partner's feed): once so that it shows the strictly confidential "Informant report",
once so that it shows only the PUBLIC "Open road" (another day, another filter, another partner).
"""

import io
import zipfile
from dataclasses import dataclass

import orjson
import pytest

from peaceops.core.choices import Classification
from peaceops.incidents.services import create_incident, update_incident
from peaceops.ledger.models import LedgerEntry
from tests.api.conftest import TokenClient, make_token
from tests.factories import incident_data

pytestmark = pytest.mark.django_db

SECRET, OPEN = "Informant report", "Open road"
SECRET_DAY, OPEN_DAY = "2026-03-01", "2026-03-02"


@pytest.fixture
def records(mission, people):
    """A STRICTLY CONFIDENTIAL incident of UNMIK on 1 March, a PUBLIC one on 2 March, at the same place."""
    secret = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title=SECRET, classification=Classification.STRICTLY_CONFIDENTIAL))
    public = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title=OPEN, occurred_start=incident_data().occurred_start.replace(day=2)))
    return {"secret": secret, "public": public, "mission": mission}


@dataclass(frozen=True)
class Place:
    """A place that shows records: how it is reached (`api`: with a bearer token), the URL that shows the
    secret record, and the URL that shows none (placeholders: {secret}, {public}, {mission_id})."""

    name: str
    shows: str
    shows_none: str
    api: bool = False


PLACES = [
    Place("edit page", "/incidents/{secret}/edit/", "/incidents/{public}/edit/"),
    Place("API history", "/api/v1/incidents/{secret}/history", "/api/v1/incidents/{public}/history", api=True),
    Place("API list", "/api/v1/incidents?mission=UNMIK", f"/api/v1/incidents?mission=UNMIK&q={OPEN}", api=True),
    Place("API search", "/api/v1/incidents?q=Informant", "/api/v1/incidents?q=Open", api=True),
    Place("COP list (search results)", "/cop/list/?q=Informant", "/cop/list/?q=Open"),
    Place("COP map points", "/cop/points.geojson?q=Informant", "/cop/points.geojson?q=Open"),
    Place("possible duplicates", "/incidents/duplicates/?mission={mission_id}&lon=20.8671&lat=42.8914"
          f"&occurred_start={SECRET_DAY}T14:30:00Z",
          "/incidents/duplicates/?mission={mission_id}&lon=20.8671&lat=42.8914"
          f"&occurred_start={OPEN_DAY}T14:30:00Z"),
    Place("partner feed", "/api/v1/partners/UNMIK/feed?mission=UNMIK", "/api/v1/partners/KFOR/feed?mission=UNMIK",
          api=True),
    Place("partner view", "/partners/UNMIK/", "/partners/KFOR/"),
    Place("dashboard daily report", f"/dashboard/?day={SECRET_DAY}", f"/dashboard/?day={OPEN_DAY}"),
    Place("daily report Word file", f"/dashboard/sitrep.docx?day={SECRET_DAY}",
          f"/dashboard/sitrep.docx?day={OPEN_DAY}"),
    Place("Access explained", "/access/?incident={secret}", "/access/?incident={public}"),
]


def _client(place: Place, people, client_as):
    if not place.api:
        return client_as(people["admin"])
    return TokenClient(make_token("admin", scopes=("incidents:read", "partners:feed")))


def _get(client, url: str, records) -> tuple[int, str]:
    response = client.get(url.format(secret=records["secret"].pk, public=records["public"].pk,
                                     mission_id=records["mission"].pk))
    body = response.content
    if body[:2] == b"PK":  # a Word file: its text is in word/document.xml
        body = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml")
    return response.status_code, body.decode()


def _views() -> list[tuple[str, set[str]]]:
    """(actor, record ids named) of each sensitive-view entry in the ledger."""
    out = []
    for entry in LedgerEntry.objects.filter(kind="sensitive-view"):
        payload = orjson.loads(entry.payload)
        out.append((entry.actor, set(payload.get("object_ids") or [payload.get("object_id")])))
    return out


@pytest.mark.parametrize("place", PLACES, ids=[p.name for p in PLACES])
def test_a_place_showing_a_strictly_confidential_record_records_the_view(place, records, people, client_as):
    client = _client(place, people, client_as)
    status, text = _get(client, place.shows_none, records)
    assert status == 200 and SECRET not in text and OPEN in text
    assert _views() == [], f"{place.name} showed no strictly confidential record, yet wrote a ledger entry"
    status, text = _get(client, place.shows, records)
    assert status == 200 and SECRET in text, f"{place.name} should show the secret record"
    assert _views() == [("admin", {str(records["secret"].pk)})], f"{place.name} showed it without a ledger entry"


@pytest.mark.parametrize("via", ["api", "page"])
def test_a_history_showing_strictly_confidential_versions_of_a_downgraded_record_is_recorded(
        via, records, people, client_as):
    """Downgraded to PUBLIC: its history still shows its STRICTLY CONFIDENTIAL versions to a reader with
    need-to-know, and that is recorded; a reader without it sees no such version and nothing is recorded."""
    update_incident(records["secret"], acting_user=people["admin"], changes={"classification": "PUBLIC"})
    pk = records["secret"].pk
    url = f"/api/v1/incidents/{pk}/history" if via == "api" else f"/incidents/{pk}/"
    viewer = TokenClient(make_token("viewer")) if via == "api" else client_as(people["viewer"])
    assert viewer.get(url).status_code == 200
    assert _views() == []
    admin = TokenClient(make_token("admin")) if via == "api" else client_as(people["admin"])
    assert admin.get(url).status_code == 200
    assert _views() == [("admin", {str(pk)})]

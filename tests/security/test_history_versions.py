"""History per version: a record's change history, in the API and on its page, shows each past version only
to those who could read that version when it was written (its classification, owner and releases then).

Each shape is an OSCE incident in UNMIK (no actor belongs to OSCE, so only classification and releases
decide) that is made readable to every UNMIK member in the end (PUBLIC). Each version has its own title
marker; `READERS` says, independently of the application, which actors could read which version. A marker of
a version an actor could not read must appear nowhere in what they are shown, and the placeholder must.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from peaceops.core.models import Organisation
from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.models import Incident, IncidentRelease
from peaceops.incidents.services import create_incident, import_batch, update_incident
from peaceops.sharing.services import release_incident, withdraw_release
from tests.factories import UserFactory

from .test_matrix import client_for
from .world import SPOT

#: Who could read each version of each shape (viewer: UNMIK without need-to-know; sc: UNMIK with it;
#: partner: KFOR; admin: UNMIK mission administrator, with need-to-know).
UNMIK_ALL, UNMIK_SC = {"viewer", "sc", "admin"}, {"sc", "admin"}
EVERYONE = UNMIK_ALL | {"partner"}
READERS = {
    "strictly-confidential-to-public": [UNMIK_SC, EVERYONE],
    "confidential-to-public": [UNMIK_ALL, EVERYONE],
    "release-withdrawn": [UNMIK_ALL | {"partner"}, UNMIK_ALL, UNMIK_ALL, EVERYONE],
    "release-added": [set(), UNMIK_ALL, EVERYONE],
    "release-expired": [set(), UNMIK_ALL, set(), EVERYONE],
    "imported-release-expired": [UNMIK_ALL, UNMIK_ALL, set(), EVERYONE],
}
ACTORS = ("viewer", "sc", "partner", "admin")
PLACEHOLDER = "an earlier version you may not see"


def _marker(shape: str, n: int) -> str:
    return f"{shape} version {n} marker"


def _create(seeder, mission, owner, shape, classification, released) -> object:
    data = IncidentData(title=_marker(shape, 0), occurred_start=timezone.now() - dt.timedelta(days=1),
                        lon=SPOT[0], lat=SPOT[1], location_name="Mitrovica", category_path="mission/inter-ethnic",
                        classification=classification, releasable_to=list(released))
    return create_incident(acting_user=seeder, mission=mission, owner=owner, data=data)


def _row(shape: str, n: int) -> IncidentData:
    """A row of an import file: the shape's incident as CONFIDENTIAL, released to UNMIK, titled version n."""
    return IncidentData(title=_marker(shape, n), occurred_start=timezone.now() - dt.timedelta(days=1),
                        lon=SPOT[0], lat=SPOT[1], location_name="Mitrovica", category_path="mission/inter-ethnic",
                        classification="CONFIDENTIAL", releasable_to=["UNMIK"], external_id=shape)


def _edit(incident, seeder, shape, n, **changes):
    update_incident(incident, acting_user=seeder, changes={"title": _marker(shape, n), **changes})


def build_shapes(world) -> dict[str, str]:
    """The five downgrade shapes, each written through the services as `READERS` lists its versions."""
    seeder = UserFactory(username="history-seeder", is_superuser=True, is_staff=True)
    mission = world.missions["UNMIK"]
    osce, unmik, kfor = (Organisation.objects.get(code=c) for c in ("OSCE", "UNMIK", "KFOR"))
    ids = {}

    shape = "strictly-confidential-to-public"
    incident = _create(seeder, mission, osce, shape, "STRICTLY_CONFIDENTIAL", ["UNMIK"])
    _edit(incident, seeder, shape, 1, classification="PUBLIC")
    ids[shape] = incident.pk

    shape = "confidential-to-public"
    incident = _create(seeder, mission, osce, shape, "CONFIDENTIAL", ["UNMIK"])
    _edit(incident, seeder, shape, 1, classification="PUBLIC")
    ids[shape] = incident.pk

    shape = "release-withdrawn"  # released to KFOR and UNMIK; KFOR's release withdrawn; edited; PUBLIC
    incident = _create(seeder, mission, osce, shape, "CONFIDENTIAL", ["UNMIK", "KFOR"])
    withdraw_release(incident, acting_user=seeder, organisation=kfor)
    _edit(incident, seeder, shape, 2)  # version 1 is the withdrawal's (title still version 0's)
    _edit(incident, seeder, shape, 3, classification="PUBLIC")
    ids[shape] = incident.pk

    shape = "release-added"  # released to nobody; released to UNMIK; PUBLIC
    incident = _create(seeder, mission, osce, shape, "CONFIDENTIAL", [])
    release_incident(incident, acting_user=seeder, organisations=[unmik])
    _edit(incident, seeder, shape, 2, classification="PUBLIC")
    ids[shape] = incident.pk

    shape = "release-expired"  # released to UNMIK until soon; edited while in force; the release ends;
    incident = _create(seeder, mission, osce, shape, "CONFIDENTIAL", [])  # edited after; PUBLIC
    release_incident(incident, acting_user=seeder, organisations=[unmik],
                     expires_at=timezone.now() + dt.timedelta(hours=1))
    IncidentRelease.objects.filter(incident=incident).update(expires_at=timezone.now())
    _edit(incident, seeder, shape, 2)
    _edit(incident, seeder, shape, 3, classification="PUBLIC")
    ids[shape] = incident.pk

    shape = "imported-release-expired"  # imported, released to UNMIK; the release given an end, which passes;
    import_batch([_row(shape, 0)], acting_user=seeder, mission=mission, owner=osce)  # re-imported; PUBLIC
    incident = Incident.objects.get(external_id=shape)
    release_incident(incident, acting_user=seeder, organisations=[unmik],
                     expires_at=timezone.now() + dt.timedelta(hours=1))
    IncidentRelease.objects.filter(incident=incident).update(expires_at=timezone.now())
    assert not import_batch([_row(shape, 2)], acting_user=seeder, mission=mission, owner=osce).rejected
    _edit(incident, seeder, shape, 3, classification="PUBLIC")
    ids[shape] = incident.pk
    return {shape: str(pk) for shape, pk in ids.items()}


#: Which version carries which title marker (a version that changed only its releases keeps the title before).
TITLES = {
    "strictly-confidential-to-public": [0, 1],
    "confidential-to-public": [0, 1],
    "release-withdrawn": [0, 0, 2, 3],
    "release-added": [0, 0, 2],
    "release-expired": [0, 0, 2, 3],
    "imported-release-expired": [0, 0, 2, 3],
}


@pytest.fixture(scope="module")
def shapes(security_world, django_db_blocker):
    """The shapes, in a savepoint of the package's world rolled back after this module (other modules count
    exactly the seeded records)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_shapes(security_world)
        transaction.set_rollback(True)


def _hidden_markers(shape: str, actor: str) -> set[str]:
    """Title markers only versions the actor could not read carry."""
    readable = {TITLES[shape][n] for n, readers in enumerate(READERS[shape]) if actor in readers}
    return {_marker(shape, t) for n, t in enumerate(TITLES[shape]) if t not in readable}


CASES = [pytest.param(shape, actor, id=f"{shape}-{actor}") for shape in READERS for actor in ACTORS]


@pytest.mark.parametrize(("shape", "actor"), CASES)
def test_api_history_shows_only_versions_the_actor_could_read(shape, actor, shapes, security_world, db):
    response = client_for(security_world, actor).get(f"/api/v1/incidents/{shapes[shape]}/history")
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode()
    for marker in _hidden_markers(shape, actor):
        assert marker not in text, f"{actor} is shown {marker!r}, of a version they could not read"
    entries = response.json()["entries"]
    versions = [entries[0]["after"]] + [e["after"] for e in entries[1:]]
    hidden = [entries[0]["after_hidden"]] + [e["after_hidden"] for e in entries[1:]]
    readers = READERS[shape]
    assert len(entries) == len(readers)
    for n, (version, is_hidden) in enumerate(zip(versions, hidden, strict=True)):
        could = actor in readers[n]
        assert is_hidden is (not could), f"version {n}: hidden={is_hidden}, {actor} could read it: {could}"
        if could:
            assert version["title"] == _marker(shape, TITLES[shape][n])
        else:
            assert version is None
    for n, entry in enumerate(entries[1:], start=1):  # each before is the version the entry before wrote
        assert entry["before_hidden"] is (actor not in readers[n - 1])
        if entry["before_hidden"] or entry["after_hidden"]:
            assert entry["changed_fields"] == []


#: The page cases: an actor who could not read some version of the shape (one who could read all of them
#: is the superuser control inside each test, and the API test covers every actor).
PAGE_CASES = [pytest.param(shape, actor, id=f"{shape}-{actor}") for shape in READERS for actor in ACTORS
              if any(actor not in readers for readers in READERS[shape])]


@pytest.mark.parametrize(("shape", "actor"), PAGE_CASES)
def test_page_history_shows_only_versions_the_actor_could_read(shape, actor, shapes, security_world, db):
    response = client_for(security_world, actor).get(f"/incidents/{shapes[shape]}/")
    assert response.status_code == 200
    text = response.content.decode()
    history = text[text.index('id="history"'):]
    hidden = _hidden_markers(shape, actor)
    for marker in hidden:
        assert marker not in text, f"{actor} is shown {marker!r}, of a version they could not read"
    assert PLACEHOLDER in history
    # A superuser could read every version: all shown, no placeholder (hiding hides no more than it must).
    seer = Client()
    seer.force_login(get_user_model().objects.get(username="history-seeder"))
    text = seer.get(f"/incidents/{shapes[shape]}/").content.decode()
    assert PLACEHOLDER not in text and all(marker in text for marker in hidden)

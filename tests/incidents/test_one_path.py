"""An incident's single write (form, API) and the import go through the one write path (`incidents.batch`),
in its `SINGLE` and `IMPORT` modes: the same row stores the same incident, children and change snapshots
whichever way it comes in, a failure in the writer rolls either back alike, and the service has no writer of its
own (docs/developers/architecture.md, "One door for mutations")."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.core.choices import Role
from peaceops.core.events import subscribe
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import enrol_organisation
from peaceops.incidents import batch, batch_changelog
from peaceops.incidents.batch_rows import BOOKKEEPING, COLUMNS
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.models import Casualty, Incident, IncidentActor, IncidentRelease, Source
from peaceops.incidents.services import (
    IncidentService,
    create_incident,
    delete_incident,
    import_batch,
    update_incident,
)
from peaceops.incidents.tally_models import DayTally
from peaceops.incidents.versions import current_snapshots
from peaceops.ledger.models import LedgerEntry
from tests.factories import MissionFactory, OrganisationFactory, incident_data, member

pytestmark = pytest.mark.django_db

API = "/api/v1/incidents"
#: What differs between two stored copies of one row: identity and bookkeeping.
IDENTITY = {"id", *BOOKKEEPING}


@pytest.fixture
def world():
    mission, unmik, kfor = MissionFactory(code="ONE"), OrganisationFactory(code="ONE-UN"), OrganisationFactory(
        code="ONE-KFOR")
    enrol_organisation(mission=mission, organisation=kfor)
    return mission, unmik, kfor, member(mission, unmik, Role.WATCH_OFFICER)


def body(mission, kfor, **changes) -> dict:
    return {"mission": mission.code, "title": "Stones thrown at a bus", "occurred_start": "2026-03-01T14:30:00Z",
            "reported_at": "2026-03-02T08:00:00Z", "lon": 20.8671, "lat": 42.8914, "category": "mission/inter-ethnic", "location_name": "Mitrovica bridge",
            "releasable_to": [kfor.code],
            "casualties": [{"group": "civilians", "killed_low": 1, "killed_best": 1, "killed_high": 2}],
            "actors": [{"name": "Unknown youths", "role": "perpetrator"}],
            "sources": [{"type": "police", "reference": "KP-1", "reliability": "B", "credibility": "2"}], **changes}


def row(kfor, **changes):
    values = dict(releasable_to=[kfor.code], reported_at=dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC), location_name="Mitrovica bridge", title="Stones thrown at a bus",
                  casualties=[CasualtyData(group="civilians", killed_low=1, killed_best=1, killed_high=2)],
                  actors=[ActorData(name="Unknown youths", role="perpetrator")],
                  sources=[SourceData(type="police", reference="KP-1", reliability="B", credibility="2")])
    return incident_data(**{**values, **changes})


def stored(incident_id) -> tuple[dict, dict]:
    """The incident's columns (less identity and bookkeeping) and its children, as stored."""
    columns = Incident.objects.filter(pk=incident_id).values(*COLUMNS).get()
    children = {
        "casualties": sorted(Casualty.objects.filter(incident_id=incident_id).values_list(
            "group", "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high")),
        "actors": sorted(IncidentActor.objects.filter(incident_id=incident_id).values_list("actor__name", "role")),
        "sources": list(Source.objects.filter(incident_id=incident_id).values_list(
            "type", "reference", "reliability", "credibility")),
        "releases": sorted(IncidentRelease.objects.filter(incident_id=incident_id).values_list(
            "organisation__code", "granted_by__username")),
    }
    return {k: v for k, v in columns.items() if k not in IDENTITY}, children


def entries(incident_id) -> list[ChangeLogEntry]:
    return list(ChangeLogEntry.objects.filter(object_type="incidents.incident", object_id=str(incident_id))
                .order_by("pk"))


def content(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k not in IDENTITY}


def test_an_api_create_and_an_import_of_the_same_row_store_the_same_incident_and_snapshots(world):
    mission, unmik, kfor, watch = world
    client = Client()
    client.force_login(watch)
    response = client.post(API, json.dumps(body(mission, kfor)), content_type="application/json")
    assert response.status_code == 201, response.content
    single = response.json()["id"]
    result = import_batch([row(kfor)], acting_user=watch, mission=mission, owner=unmik)
    imported = result.written[0]

    assert stored(single) == stored(imported)
    (single_created,), (import_created,) = entries(single), entries(imported)
    # the single write's creation entry shows its snapshot; the import's seals the same first version
    assert import_created.after is None
    assert content(single_created.after) == content(current_snapshots([imported])[imported])

    # the same change, by an edit through the API and by re-importing the row (a PeaceOps export: its id)
    changed = {"title": "Stones and a petrol bomb thrown at a bus",
               "casualties": [{"group": "civilians", "killed_low": 1, "killed_best": 2, "killed_high": 3}]}
    assert client.patch(f"{API}/{single}", json.dumps(changed), content_type="application/json").status_code == 200
    result = import_batch([row(kfor, title=changed["title"], external_id=imported,
                               casualties=[CasualtyData(group="civilians", killed_low=1, killed_best=2,
                                                        killed_high=3)])],
                          acting_user=watch, mission=mission, owner=unmik)
    assert result.updated == 1
    assert stored(single) == stored(imported)
    (_, single_update), (_, import_update) = entries(single), entries(imported)
    assert content(single_update.before) == content(import_update.before)
    assert content(single_update.after) == content(import_update.after)
    assert single_update.after["fatalities_best"] == 2

    out = io.StringIO()
    call_command("verify_ledger", "--no-progress", stdout=out)  # raises CommandError when a hash does not match


@pytest.mark.parametrize("write", ["single", "import"])
def test_a_failure_in_the_writer_rolls_either_path_back_alike(world, monkeypatch, django_capture_on_commit_callbacks,
                                                              write):
    mission, unmik, kfor, watch = world
    kept = create_incident(acting_user=watch, mission=mission, data=row(kfor, title="Kept"))
    counts = lambda: (Incident.objects.count(), Casualty.objects.count(), Source.objects.count(),  # noqa: E731
                      IncidentRelease.objects.count(), ChangeLogEntry.objects.count(), LedgerEntry.objects.count(),
                      sorted(DayTally.objects.values_list("count", "fatalities_best")))
    before = counts()

    def disk_full(rows):
        raise OSError("disk full")

    monkeypatch.setattr(batch_changelog, "write_entries", disk_full)
    events = []
    unsubscribe = subscribe(events.append)
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError, match="disk full"):
            if write == "single":
                create_incident(acting_user=watch, mission=mission, data=row(kfor))
            else:
                import_batch([row(kfor), row(kfor, title="Another")], acting_user=watch, mission=mission,
                             owner=unmik)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError, match="disk full"):
            if write == "single":
                update_incident(kept, acting_user=watch, changes={"title": "Changed"})
            else:
                import_batch([row(kfor, title="Changed", external_id=str(kept.pk))], acting_user=watch,
                             mission=mission, owner=unmik)
    finally:
        unsubscribe()
    assert counts() == before
    assert Incident.objects.get(pk=kept.pk).title == "Kept"
    assert events == []


def test_the_service_has_no_writer_of_its_own(world, monkeypatch, django_capture_on_commit_callbacks):
    mission, unmik, kfor, watch = world
    for name in ("apply", "write_related", "write_children", "_change", "validate", "new_record"):
        assert name not in vars(IncidentService), name  # nothing of the kit's ORM writer is the incidents'

        def refuse(*args, name=name, **kwargs):
            raise AssertionError(f"the kit's ORM writer ({name}) wrote an incident")

        monkeypatch.setattr(RecordService, name, refuse)

    def no_save(*args, **kwargs):
        raise AssertionError("an incident was saved through the ORM")

    monkeypatch.setattr(Incident, "save", no_save)
    modes = []
    for name in ("write_batch", "delete_batch"):
        path = getattr(batch, name)

        def spy(*args, path=path, name=name, **kwargs):
            modes.append((name, kwargs["mode"].name))
            return path(*args, **kwargs)

        monkeypatch.setattr(batch, name, spy)
        monkeypatch.setattr(f"peaceops.incidents.services.{name}", spy)
    events = []
    unsubscribe = subscribe(events.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            incident = create_incident(acting_user=watch, mission=mission, data=row(kfor))
        with django_capture_on_commit_callbacks(execute=True):
            update_incident(incident, acting_user=watch, changes={"title": "Changed", "releasable_to": []})
        with django_capture_on_commit_callbacks(execute=True):
            delete_incident(incident, acting_user=watch)
        with django_capture_on_commit_callbacks(execute=True):
            import_batch([row(kfor), row(kfor)], acting_user=watch, mission=mission, owner=unmik)
    finally:
        unsubscribe()
    assert modes == [("write_batch", "single"), ("write_batch", "single"), ("delete_batch", "single"),
                     ("write_batch", "import")]
    # the modes' live events: one per record with its id, or one per batch with the count
    assert [(e.action, e.object_id, e.data) for e in events] == [
        ("create", str(incident.pk), {}), ("update", str(incident.pk), {}), ("delete", str(incident.pk), {}),
        ("import", "", {"count": 2})]


def test_the_modes_differ_only_in_their_named_choices(world):
    mission, unmik, kfor, watch = world
    assert {name: getattr(batch.SINGLE, name) != getattr(batch.IMPORT, name)
            for name in batch.Mode.__dataclass_fields__} == dict.fromkeys(batch.Mode.__dataclass_fields__, True)
    # bad input: raised naming the field, or the row rejected and the others written
    bad = row(kfor, releasable_to=["NOBODY"])
    with pytest.raises(FieldError) as refused:
        create_incident(acting_user=watch, mission=mission, data=bad)
    result = import_batch([bad, row(kfor)], acting_user=watch, mission=mission, owner=unmik)
    assert refused.value.field == "releasable_to" and result.rejected == [(0, str(refused.value))]
    assert result.created == 1
    # releasability on update: the edit's list replaces the stored one; an import's only adds
    single = create_incident(acting_user=watch, mission=mission, data=row(kfor, title="Single"))
    update_incident(single, acting_user=watch, changes={"releasable_to": []})
    imported = result.written[0]
    assert import_batch([row(kfor, releasable_to=[], external_id=imported)], acting_user=watch, mission=mission,
                        owner=unmik).unchanged == 1
    assert not IncidentRelease.objects.filter(incident_id=single.pk).exists()
    assert IncidentRelease.objects.filter(incident_id=imported).count() == 1
    # a note of repairs: an edit's data decides; an import's row without one keeps it
    update_incident(single, acting_user=watch, changes={"data_repairs": "end before start: swapped"})
    update_incident(single, acting_user=watch, changes={"data_repairs": ""})
    assert Incident.objects.get(pk=single.pk).data_repairs is None
    import_batch([row(kfor, external_id=imported, data_repairs="end before start: swapped")], acting_user=watch,
                 mission=mission, owner=unmik)
    import_batch([row(kfor, external_id=imported, title="Re-imported")], acting_user=watch, mission=mission,
                 owner=unmik)
    assert Incident.objects.get(pk=imported).data_repairs == "end before start: swapped"

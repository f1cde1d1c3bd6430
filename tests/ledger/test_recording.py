"""What the ledger records: every change (single and batch), strictly confidential views, exports, sharing
changes; nothing when the work rolls back; and the database refuses to change or remove an entry."""

import hashlib
import io

import orjson
import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from peaceops.core.choices import Classification
from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident, import_batch, update_incident
from peaceops.ledger.models import LedgerEntry
from tests.factories import incident_data

from .conftest import entries, verify

pytestmark = pytest.mark.django_db


def payload(entry: LedgerEntry) -> dict:
    return orjson.loads(entry.payload)


def covered_ids() -> set[int]:
    return {i for e in LedgerEntry.objects.filter(kind="change") for i, _ in payload(e)["changes"]}


def test_every_change_log_entry_is_covered_in_its_missions_chain(mission, people):
    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    last = entries(mission.pk)[-1]
    change = ChangeLogEntry.objects.get(object_id=str(incident.pk))
    assert (last.kind, last.actor, last.mission_id) == ("change", "watch", mission.pk)
    assert [i for i, _ in payload(last)["changes"]] == [change.pk]
    assert covered_ids() == set(ChangeLogEntry.objects.values_list("id", flat=True))


def test_a_batch_import_is_covered_by_one_entry(mission, people, orgs):
    before = LedgerEntry.objects.count()
    rows = [incident_data(title=f"Imported {i}", external_id=f"F-{i}") for i in range(30)]
    result = import_batch(rows, acting_user=people["watch"], mission=mission, owner=orgs["UNMIK"])
    assert result.created == 30
    assert LedgerEntry.objects.count() == before + 1
    entry = entries(mission.pk)[-1]
    imported = ChangeLogEntry.objects.filter(object_type="incidents.incident")
    assert sorted(i for i, _ in payload(entry)["changes"]) == sorted(imported.values_list("id", flat=True))
    assert verify("--mission", "UNMIK")[0]


def test_a_batch_s_hashes_made_in_hand_are_those_of_the_stored_entries(mission, people, orgs, monkeypatch):
    """A batch hashes its change-log entries from the values it writes (no reading back): creates and
    updates, with children, releases, non-ASCII text and fractional coordinates, hash as the stored rows do."""
    from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
    from peaceops.ledger import changes

    def rows(title):
        return [incident_data(title=f"{title} {i} Mitrovicë \"quoted\"", external_id=f"H-{i}", lon=20.86713 + i / 700,
                              lat=42.8914, description="line one\nline two", classification="CONFIDENTIAL",
                              releasable_to=["KFOR"] if i % 2 else [],
                              casualties=[CasualtyData(group="civilians", killed_low=i, killed_best=i, killed_high=i)] if i % 3 else [],
                              actors=[ActorData(name=f"Group {i % 2}")],
                              sources=[SourceData(type="patrol", reference="ré-port", reliability="B",
                                                  credibility="2")]) for i in range(12)]

    import_batch(rows("First"), acting_user=people["watch"], mission=mission, owner=orgs["UNMIK"])
    read_back = changes.after
    monkeypatch.setattr(changes, "after", lambda *a: pytest.fail("the batch read its entries back"))
    result = import_batch(rows("Second")[:8] + rows("First")[8:], acting_user=people["watch"], mission=mission,
                          owner=orgs["UNMIK"])
    assert result.rejected == [] and (result.created, result.updated, result.unchanged) == (0, 8, 4)
    monkeypatch.setattr(changes, "after", read_back)
    entry = LedgerEntry.objects.filter(kind="change", chain=mission.pk).latest("sequence")
    hashed = payload(entry)["changes"]
    assert [i for i, _ in hashed] == result.change_log_ids
    stored = changes.hashes_of(dict.fromkeys(result.change_log_ids, payload(entry)["form"]))
    assert dict(hashed) == {i: digest for i, (digest, _) in stored.items()}  # as the stored rows hash
    assert covered_ids() == set(ChangeLogEntry.objects.values_list("id", flat=True))
    passed, out = verify("--mission", "UNMIK")
    assert passed, out


def test_boundary_and_gazetteer_loads_are_covered(mission, fixtures_dir):
    from peaceops.geo.loaders.gazetteer import load_gazetteer
    from tests.geo.conftest import load_kosovo

    load_kosovo(mission, levels=(0, 1))
    load_gazetteer(fixtures_dir / "geo" / "geonames_XK_sample.txt")
    kinds = {(e.chain, e.kind) for e in LedgerEntry.objects.all()}
    assert (mission.pk, "change") in kinds and (0, "change") in kinds  # areas: the mission; places: installation
    assert covered_ids() == set(ChangeLogEntry.objects.values_list("id", flat=True))
    passed, out = verify()
    assert passed, out


def test_rolled_back_work_leaves_no_entry_and_no_gap(mission, people):
    before = list(LedgerEntry.objects.values_list("pk", flat=True))
    with pytest.raises(RuntimeError), transaction.atomic():
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
        assert LedgerEntry.objects.count() == len(before) + 1
        raise RuntimeError("the caller fails after the change")
    assert list(LedgerEntry.objects.values_list("pk", flat=True)) == before
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    passed, out = verify("--mission", "UNMIK")
    assert passed, out  # the next entry took the free sequence number: no gap


def test_the_database_refuses_to_update_or_delete_an_entry(mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    entry = entries(mission.pk)[-1]
    for attempt in (lambda: LedgerEntry.objects.filter(pk=entry.pk).update(actor="someone"),
                    lambda: LedgerEntry.objects.filter(pk=entry.pk).delete(),
                    lambda: entry.delete()):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            attempt()
    table = LedgerEntry._meta.db_table
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET payload = '{{}}' WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(f"TRUNCATE {table}")
    assert LedgerEntry.objects.get(pk=entry.pk).entry_sha256 == entry.entry_sha256


def test_the_admin_offers_no_ledger_pages(client, people):
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(boss, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/ledger/ledgerentry/").status_code == 404
    assert "ledger" not in client.get("/admin/").content.decode().lower()


@pytest.fixture
def secret(mission, people):
    """A STRICTLY CONFIDENTIAL incident of UNMIK, and a PUBLIC one."""
    secret = create_incident(acting_user=people["watch"], mission=mission,
                             data=incident_data(title="Informant report",
                                                classification=Classification.STRICTLY_CONFIDENTIAL))
    public = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Open"))
    return secret, public


def views() -> list[dict]:
    return [dict(payload(e), actor=e.actor) for e in LedgerEntry.objects.filter(kind="sensitive-view")]


def test_showing_a_strictly_confidential_incident_page_is_recorded(client, people, secret):
    sc, public = secret
    client.force_login(people["sc"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/incidents/{public.pk}/").status_code == 200
    assert views() == []
    response = client.get(f"/incidents/{sc.pk}/")
    assert response.status_code == 200 and "Informant report" in response.content.decode()
    [seen] = views()
    assert (seen["actor"], seen["object_id"], seen["via"]) == ("sc", str(sc.pk), "page")
    assert seen["classification"] == "STRICTLY_CONFIDENTIAL"
    client.force_login(people["viewer"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/incidents/{sc.pk}/").status_code == 404  # not shown, not recorded
    assert len(views()) == 1
    assert verify("--mission", "UNMIK")[0]


def test_an_api_detail_of_a_strictly_confidential_incident_is_recorded(client, people, secret):
    from tests.api.conftest import TokenClient, make_token

    sc, public = secret
    api = TokenClient(make_token("sc"))
    assert api.get(f"/api/v1/incidents/{public.pk}").status_code == 200
    assert views() == []
    assert api.get(f"/api/v1/incidents/{sc.pk}").status_code == 200
    [seen] = views()
    assert (seen["actor"], seen["object_id"], seen["via"]) == ("sc", str(sc.pk), "api")


def test_an_export_is_recorded_with_the_files_hash(mission, people, tmp_path):
    for i in range(3):
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title=f"Export {i}"))
    path = tmp_path / "out.csv"
    call_command("export_incidents", "--user", "watch", "--mission", "UNMIK", "--status", "reported",
                 "--no-progress", "-o", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    [export] = LedgerEntry.objects.filter(kind="export")
    body = payload(export)
    assert (export.actor, export.chain) == ("watch", mission.pk)
    assert body["format"] == "csv" and body["rows"] == 3
    assert body["filters"] == {"mission": "UNMIK", "status": "reported"}
    assert body["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_export_to_standard_output_is_recorded_with_the_texts_hash(mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    out = io.StringIO()
    call_command("export_incidents", "--user", "watch", "--format", "geojson", stdout=out, stderr=io.StringIO())
    [export] = LedgerEntry.objects.filter(kind="export")
    body = payload(export)
    assert (export.chain, body["format"], body["rows"], body["destination"]) == (0, "geojson", 1, "standard output")
    assert body["sha256"] == hashlib.sha256(out.getvalue().encode()).hexdigest()


def test_releasability_changes_are_recorded(mission, people, orgs):
    from peaceops.sharing.services import withdraw_release

    incident = create_incident(acting_user=people["watch"], mission=mission,
                               data=incident_data(releasable_to=["KFOR"]))
    update_incident(incident, acting_user=people["watch"], changes={"title": "New title"})
    update_incident(incident, acting_user=people["watch"], changes={"releasable_to": ["KFOR", "OSCE"]},
                    reason="shared with the OSCE")
    withdraw_release(incident, acting_user=people["watch"], organisation=orgs["KFOR"], reason="no longer needed")
    sharing = [payload(e) for e in LedgerEntry.objects.filter(kind="sharing").order_by("chain", "sequence")]
    assert [(s["action"], s["organisation"]) for s in sharing] == [
        ("release", "KFOR"), ("release", "OSCE"), ("withdraw", "KFOR")]
    assert sharing[1]["reason"] == "shared with the OSCE" and sharing[1]["object_id"] == str(incident.pk)
    assert sharing[2]["reason"] == "no longer needed"
    assert Incident.objects.get(pk=incident.pk).releasable_to.count() == 1

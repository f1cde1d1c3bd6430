"""Bulk loading (one transaction; on SQLite the plain indexes are dropped for the load and rebuilt at its end)
gives the same incidents, change log and rejects as an ordinary import, and leaves every index in place,
also when the import stops on an error."""

import gzip

import pytest
from django.db import connection

from peaceops.core.models import ChangeLogEntry
from peaceops.incidents import batch_bulk
from peaceops.incidents.importing import IncidentImportError, import_incidents
from peaceops.incidents.models import Casualty, Incident, Source
from peaceops.incidents.versions import show_first_versions
from tests.incidents.test_tallies import assert_tallies_right

HEADER = "id,title,occurred_start,lon,lat,category,casualties,actors,sources\n"


def row(i: int, *, title=None, lat="4.36") -> str:
    title = f"Incident {i}" if title is None else title
    return (f"b-{i},{title},2024-01-{1 + i % 28:02d}T10:00:00Z,18.{i % 90:02d},{lat},"
            f"mission/crime,civilians:1/1/2:0/0/0,Armed men|perpetrator|unknown,patrol|B|2|report {i}\n")


def indexes() -> set[str]:
    with connection.cursor() as cursor:
        return {name for table in batch_bulk.TABLES
                for name, *_ in connection.introspection.get_constraints(cursor, table).items()}


@pytest.mark.django_db
def test_bulk_load_writes_what_an_ordinary_import_writes(minusca, analyst, tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "".join(row(i) for i in range(40)) + row(40, lat="95") + row(41, title=""))
    before = indexes()

    report = import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=7, bulk=True)

    assert (report.read, report.created, report.rejected) == (42, 40, 2)
    assert [line for line, _ in report.rejects] == [42, 43]
    assert report.rejects[0][1].startswith("lat:") and report.rejects[1][1].startswith("title:")
    assert indexes() == before
    incidents = Incident.objects.filter(mission=minusca)
    assert incidents.count() == 40
    assert Casualty.objects.filter(incident__mission=minusca).count() == 40
    assert Source.objects.filter(incident__mission=minusca).count() == 40
    entries = ChangeLogEntry.objects.filter(object_type="incidents.incident", mission=minusca)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(pk) for pk in
                                                                         incidents.values_list("id", flat=True))
    assert set(entries.values_list("action", flat=True)) == {"create"}
    created = entries.get(object_id=str(incidents.get(external_id="b-3").pk))
    assert created.after is None  # no snapshot: the first version is the row (docs/decisions)
    show_first_versions([created])
    assert created.after["sources"][0]["reference"] == "report 3"

    again = import_incidents(path, format="csv", mission=minusca, acting_user=analyst, bulk=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 40)
    assert indexes() == before


@pytest.mark.django_db
def test_bulk_load_keeps_its_written_batches_and_indexes_when_the_file_breaks(minusca, analyst, tmp_path):
    path = tmp_path / "incidents.csv"
    good = HEADER + "".join(row(i) for i in range(600))  # longer than the start read for encoding detection
    path.write_bytes(gzip.compress(good.encode())[:-12])  # a gzip file cut short: it breaks at its end
    before = indexes()

    with pytest.raises(IncidentImportError, match="not a readable gzip file"):
        import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=50, bulk=True)

    assert indexes() == before
    written = Incident.objects.filter(mission=minusca).count()
    assert 0 < written < 600
    assert_tallies_right()  # the batches written were added to the tallies at the end
    assert ChangeLogEntry.objects.filter(object_type="incidents.incident", mission=minusca).count() == written


@pytest.mark.django_db
def test_strict_bulk_load_writes_nothing_when_a_row_is_bad(minusca, analyst, tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "".join(row(i) for i in range(20)) + row(20, lat="x"))
    before = indexes()

    report = import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=5,
                              strict=True, bulk=True)

    assert not report.written and report.rejected == 1
    assert not Incident.objects.filter(mission=minusca).exists()
    assert indexes() == before


@pytest.mark.django_db
def test_index_rebuild_drops_only_plain_indexes_of_small_tables(minusca):
    if not batch_bulk.available():
        pytest.skip("only SQLite drops indexes for a bulk load")
    rebuild = batch_bulk.IndexRebuild()
    assert rebuild.drop(batch_bulk.MIN_ROWS - 1, minusca.pk) == []  # too small a load to bother
    tables = rebuild.drop(batch_bulk.MIN_ROWS, minusca.pk)
    try:
        assert Incident._meta.db_table in tables
        names = {name for name, _ in rebuild.dropped}
        assert "incident_mission_time_idx" in names
        with connection.cursor() as cursor:  # unique constraints, which match external ids, stay
            kept = connection.introspection.get_constraints(cursor, Incident._meta.db_table)
        assert any(c["unique"] and c["columns"] == ["mission_id", "owner_id", "external_id"] for c in kept.values())
        assert not names & set(kept)
    finally:
        rebuild.rebuild()
    assert rebuild.dropped == []


@pytest.mark.django_db
def test_bulk_load_adds_its_incidents_to_the_tallies_once_at_the_end(minusca, analyst, tmp_path):
    """On both databases (SQLite: by rowid; PostgreSQL: a temporary table of the load's new ids)."""
    from peaceops.incidents import tally_sql
    from peaceops.incidents.models import DayTally

    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + row(0) + "".join(row(i) for i in range(30)) + row(3, title="Changed later")
                    + row(31, lat="95") + row(7).replace("civilians:1/1/2", "civilians:5/6/9"))
    counted_before_the_end = []
    real_finish = tally_sql.Deferred.finish

    def finish(self):
        counted_before_the_end.append(sum(t.count for t in DayTally.objects.filter(mission_id=minusca.pk)))
        real_finish(self)

    tally_sql.Deferred.finish = finish
    try:
        report = import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=4,
                                  bulk=True)
    finally:
        tally_sql.Deferred.finish = real_finish
    assert counted_before_the_end == [0]  # the batches added nothing: one grouped addition at the end
    # b-0 twice unchanged; b-3, b-7 change incidents the load created; b-31 is rejected
    assert (report.created, report.updated, report.rejected) == (30, 2, 1)
    assert not tally_sql.Deferred.active()
    assert_tallies_right()  # an incident created and changed by the same load is counted once, as it ends
    assert sum(t.count for t in DayTally.objects.filter(mission_id=minusca.pk)) == 30
    assert sum(t.fatalities_best for t in DayTally.objects.filter(mission_id=minusca.pk)) == 29 + 6
    if connection.vendor == "postgresql":  # the load's table of new ids is gone with it
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [tally_sql.Deferred.TABLE])
            assert cursor.fetchone()[0] is None
    # The ordinary import after it keeps the tallies per batch, as always.
    path.write_text(HEADER + row(40) + row(3, title="Changed again"))
    import_incidents(path, format="csv", mission=minusca, acting_user=analyst)
    assert_tallies_right()


@pytest.mark.django_db
def test_child_tables_keep_one_index_starting_with_the_incident():
    """The unique (incident, ...) index serves lookups by incident; no single-column index beside it."""
    from peaceops.incidents.models import IncidentActor, IncidentRelease

    with connection.cursor() as cursor:
        for model in (Casualty, IncidentActor, IncidentRelease):
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            starting = [c for c in found.values() if c["index"] and c["columns"][:1] == ["incident_id"]]
            assert ["incident_id"] not in [c["columns"] for c in starting], model
            assert any(c["unique"] and c["columns"][0] == "incident_id" for c in found.values()), model


@pytest.mark.django_db
def test_a_crash_inside_the_writer_of_a_first_load_leaves_the_indexes_and_a_rerun_finishes(minusca, analyst,
                                                                                          tmp_path, monkeypatch):
    from peaceops.incidents import batch_changelog

    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "".join(row(i) for i in range(60)))
    before = indexes()
    calls, write_entries = [], batch_changelog.write_entries

    def crashing(entries):
        calls.append(len(entries))
        if len(calls) == 3:  # the third batch dies inside the writer, its incidents already inserted
            calls.append(indexes() != before)
            raise RuntimeError("simulated crash")
        return write_entries(entries)

    monkeypatch.setattr(batch_changelog, "write_entries", crashing)
    with pytest.raises(RuntimeError, match="simulated crash"):
        import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=10, bulk=True)
    assert calls[-1] == batch_bulk.available()  # on SQLite the load ran without its plain indexes
    assert indexes() == before  # ... and they are back
    stored = Incident.objects.filter(mission=minusca).count()
    assert stored < 60  # the dead batch and those after it are not there
    assert stored == ChangeLogEntry.objects.filter(mission=minusca, object_type="incidents.incident").count()

    monkeypatch.setattr(batch_changelog, "write_entries", write_entries)
    again = import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=10, bulk=True)
    assert (again.created, again.unchanged, again.rejected) == (60 - stored, stored, 0)
    assert Incident.objects.filter(mission=minusca).count() == 60
    assert indexes() == before
    assert_tallies_right()


@pytest.mark.django_db
def test_a_load_on_postgresql_keeps_the_planner_statistics_up_with_its_rows(minusca, analyst, tmp_path,
                                                                             monkeypatch):
    """Inside the load's transaction the planner sees the rows written so far (else it takes the incidents
    table for empty and finds each batch's stored incidents by reading the whole mission)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's planner keeps no row counts for these lookups")
    monkeypatch.setattr(batch_bulk.Statistics, "FIRST", 10)
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "".join(row(i) for i in range(40)))

    import_incidents(path, format="csv", mission=minusca, acting_user=analyst, batch_size=7, bulk=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Incident._meta.db_table])
        assert cursor.fetchone()[0] == Incident.objects.count() == 40

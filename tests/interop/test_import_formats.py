"""PeaceOps CSV and GeoJSON imports: round trips with the exporters, streaming, idempotency, ownership."""

import csv
import gzip
import json
import tracemalloc

import pytest

from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.incidents.formats.exporters import export_incidents
from peaceops.incidents.formats.readers import geojson
from peaceops.incidents.importing import IncidentImportError, import_incidents
from peaceops.incidents.models import Incident
from peaceops.incidents.services import import_batch
from peaceops.testing.sweeps import sampled, sweep
from tests.factories import MissionFactory, incident_data, member

from .conftest import CAR_GED

#: What must survive a round trip, besides the children.
FIELDS = ("title", "description", "occurred_start", "occurred_end", "time_precision", "lon", "lat",
          "location_precision", "location_name", "status", "classification", "fatalities_low", "fatalities_best",
          "fatalities_high", "injured_low", "injured_best", "injured_high", "ucdp_id")


def content(incident) -> tuple:
    return (
        tuple(getattr(incident, f) for f in FIELDS),
        incident.category.path,
        sorted((c.group, c.killed_low, c.killed_best, c.killed_high, c.injured_low, c.injured_best,
                c.injured_high) for c in incident.casualties.all()),
        sorted((link.actor.name, link.role) for link in incident.actor_links.select_related("actor")),
        [(s.type, s.reliability, s.credibility, s.reference) for s in incident.sources.order_by("pk")],
    )


def car_ged_rows(tmp_path):
    """The CAR GED file: whole on SQLite, a sample of its rows on PostgreSQL (peaceops.testing.sweeps)."""
    if not sampled():
        return CAR_GED
    with gzip.open(CAR_GED, "rt", encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source))
    path = tmp_path / "car-sample.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *sweep(rows, "car-ged")])
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_exported_file_imports_back_unchanged(fmt, minusca, minusca_org, analyst, tmp_path):
    import_incidents(car_ged_rows(tmp_path), format="ucdp-ged", mission=minusca, acting_user=analyst)
    exported = tmp_path / f"car.{fmt}.gz"
    with gzip.open(exported, "wt", encoding="utf-8", newline="") as out:
        export_incidents(Incident.objects.visible_to(analyst).filter(mission=minusca), format=fmt, out=out)
    entries = ChangeLogEntry.objects.count()
    again = import_incidents(exported, format=fmt, mission=minusca, acting_user=analyst)
    assert (again.created, again.updated, again.rejected) == (0, 0, 0)
    assert again.unchanged == Incident.objects.filter(mission=minusca).count()
    assert ChangeLogEntry.objects.count() == entries

    other = MissionFactory(code="MINUSCA-COPY")
    copier = member(other, minusca_org, Role.ANALYST, username="copier")
    report = import_incidents(exported, format=fmt, mission=other, acting_user=copier)
    assert (report.created, report.rejected) == (again.unchanged, 0)
    originals = {i.ucdp_id: content(i) for i in Incident.objects.filter(mission=minusca)}
    copies = {i.ucdp_id: content(i) for i in Incident.objects.filter(mission=other)}
    assert copies == originals


def write_collection(path, features) -> None:
    with path.open("w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)


def feature(i, **properties):
    props = {"id": f"G-{i}", "title": f"Incident {i}", "occurred_start": "2026-03-01", "category": "crime"}
    props.update(properties)
    geometry = props.pop("geometry", {"type": "Point", "coordinates": [20.8671, 42.8914]})
    return {"type": "Feature", "geometry": geometry, "properties": props}


@pytest.mark.django_db
def test_geojson_bad_features_are_rejected_by_index(mission, orgs, people, tmp_path):
    path = tmp_path / "incidents.geojson"
    write_collection(path, [
        feature(0, actors=[{"name": "Unknown youths", "role": "perpetrator", "type": "unknown"}],
                casualties=["civilians:0/1/1:0/0/0"], releasable_to=["KFOR"], classification="CONFIDENTIAL"),
        feature(1, geometry={"type": "LineString", "coordinates": [[20, 42], [21, 43]]}),
        feature(2, title=""),
        feature(3, occurred_start="yesterday"),
        feature(4, geometry=None, lon=21.1655, lat=42.6629),
    ])
    rejects_path = tmp_path / "rejects.csv"
    report = import_incidents(path, format="geojson", mission=mission, acting_user=people["watch"],
                              rejects_path=rejects_path)
    assert (report.read, report.created) == (5, 2)
    assert [(i, reason.split(":")[0]) for i, reason in report.rejects] == \
        [(1, "geometry"), (2, "title"), (3, "occurred_start")]
    first = Incident.objects.get(external_id="G-0")
    assert first.fatalities_best == 1 and [o.code for o in first.releasable_to.all()] == ["KFOR"]
    assert Incident.objects.get(external_id="G-4").lat == 42.6629
    with rejects_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["line"], r["id"], r["title"]) for r in rows] == [
        ("1", "G-1", "Incident 1"), ("2", "G-2", ""), ("3", "G-3", "Incident 3")]


def test_geojson_is_read_feature_by_feature(tmp_path):
    """A 20,000-feature collection (about 9 MB) is read without holding it: memory stays far below its size."""
    path = tmp_path / "large.geojson"
    write_collection(path, [feature(i, description="x" * 300) for i in range(20_000)])
    size = path.stat().st_size
    tracemalloc.start()
    with path.open("rb") as stream:
        count = sum(1 for row in geojson.read(stream) if row.data is not None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 20_000
    assert peak < size / 10, (peak, size)


@pytest.mark.django_db
def test_a_repeated_id_in_one_file_updates_the_incident_it_created(mission, orgs, people, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("id,title,occurred_start,lon,lat,category\n"
                    "R-1,First version,2026-03-01,20.86,42.89,crime\n"
                    "R-2,Other,2026-03-01,20.86,42.89,crime\n"
                    "R-1,Second version,2026-03-01,20.86,42.89,crime\n", encoding="utf-8")
    report = import_incidents(path, format="csv", mission=mission, acting_user=people["watch"])
    assert (report.created, report.updated, report.rejected) == (2, 1, 0)
    assert Incident.objects.get(external_id="R-1").title == "Second version"


@pytest.mark.django_db
def test_system_import_needs_an_owner_and_is_logged_as_system(mission, orgs, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("id,title,occurred_start,lon,lat\nS-1,Seen by the system,2026-03-01,20.86,42.89\n")
    with pytest.raises(IncidentImportError, match="owning organisation"):
        import_incidents(path, format="csv", mission=mission, acting_user=None)
    report = import_incidents(path, format="csv", mission=mission, acting_user=None, owner=orgs["UNMIK"])
    assert report.created == 1
    incident = Incident.objects.get(external_id="S-1")
    assert incident.owner == orgs["UNMIK"] and incident.created_by is None
    entry = ChangeLogEntry.objects.get(object_id=str(incident.pk))
    assert (entry.actor_id, entry.actor_name, entry.reason) == (None, "system", "import csv one.csv")


@pytest.mark.django_db
def test_import_batch_refuses_a_missing_user_unless_it_is_a_system_import(mission, orgs):
    with pytest.raises(PermissionDenied):
        import_batch([incident_data(external_id="X-1")], acting_user=None, mission=mission, owner=orgs["UNMIK"])
    assert Incident.objects.count() == 0


@pytest.mark.django_db
def test_viewers_cannot_import_and_others_incidents_are_not_overwritten(mission, orgs, people, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("id,title,occurred_start,lon,lat\nK-1,Patrol saw a roadblock,2026-03-01,20.86,42.89\n")
    with pytest.raises(PermissionDenied):
        import_incidents(path, format="csv", mission=mission, acting_user=people["viewer"])
    import_incidents(path, format="csv", mission=mission, acting_user=people["watch"])
    path.write_text("id,title,occurred_start,lon,lat\nK-1,KFOR's version,2026-03-01,20.86,42.89\n")
    report = import_incidents(path, format="csv", mission=mission, acting_user=people["kfor"])
    # KFOR's K-1 is KFOR's own numbering: a new incident of KFOR's, UNMIK's K-1 untouched and not mentioned.
    assert (report.created, report.rejected) == (1, 0)
    assert Incident.objects.get(external_id="K-1", owner=orgs["UNMIK"]).title == "Patrol saw a roadblock"
    assert Incident.objects.get(external_id="K-1", owner=orgs["KFOR"]).title == "KFOR's version"


@pytest.mark.django_db
def test_gzipped_and_plain_files_read_alike(minusca, analyst, tmp_path):
    plain = tmp_path / "car.csv"
    plain.write_bytes(gzip.decompress(CAR_GED.read_bytes()))
    first = import_incidents(plain, format="ucdp-ged", mission=minusca, acting_user=analyst)
    second = import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    assert first.created == second.unchanged and first.rejects == second.rejects


def test_unknown_format_and_missing_file_are_clear_errors(tmp_path):
    with pytest.raises(IncidentImportError, match="unknown format 'xlsx'"):
        import_incidents(tmp_path / "x.csv", format="xlsx", mission=None, acting_user=None)
    with pytest.raises(IncidentImportError, match="no such file"):
        import_incidents(tmp_path / "missing.csv", format="csv", mission=None, acting_user=None)


@pytest.mark.django_db
def test_a_file_without_required_columns_is_refused_whole(mission, orgs, people, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("event_id_cnty,event_date\nX,2020-01-01\n")
    with pytest.raises(IncidentImportError, match="missing required column"):
        import_incidents(path, format="ucdp-ged", mission=mission, acting_user=people["watch"])


@pytest.mark.django_db
def test_a_batch_gives_back_the_ids_of_exactly_the_change_log_entries_it_wrote(mission, orgs, people):
    ChangeLogEntry.objects.create(time="2026-01-01T00:00:00Z", action="create", object_type="x.y", object_id="1")
    before = ChangeLogEntry.objects.count()
    rows = [incident_data(external_id=f"L-{n}", title=f"Incident {n}") for n in range(3)]
    first = import_batch(rows, acting_user=people["watch"], mission=mission, owner=orgs["UNMIK"])
    entries = ChangeLogEntry.objects.filter(pk__in=first.change_log_ids)
    created = {str(pk) for pk in Incident.objects.values_list("pk", flat=True)}
    assert len(first.change_log_ids) == 3 and {e.object_id for e in entries} == created
    assert {e.action for e in entries} == {"create"}
    changed = [incident_data(external_id="L-0", title="Incident 0, corrected"), *rows[1:]]
    second = import_batch(changed, acting_user=people["watch"], mission=mission, owner=orgs["UNMIK"])
    (entry,) = ChangeLogEntry.objects.filter(pk__in=second.change_log_ids)
    assert (entry.action, entry.object_id) == ("update", str(Incident.objects.get(external_id="L-0").pk))
    assert entry.after["title"] == "Incident 0, corrected" and second.unchanged == 2
    assert ChangeLogEntry.objects.count() == before + 3 + 1

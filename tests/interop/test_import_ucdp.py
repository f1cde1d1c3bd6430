"""Importing real UCDP GED files: every event accounted for, numbers kept, re-imports idempotent.

Expectations are computed from the fixture files with the csv module, independently of the importer.
UCDP's own files contain a few events whose low/best/high estimates are out of order (e.g. low 3, best 3,
high 2); the importer keeps those, widening the interval to the best estimate, and says so on the incident and
in the report.
"""

import collections
import csv
import datetime as dt
import gzip
import json

import pytest
import shapely
from django.db.models import Count, Max, Min, Sum

from peaceops.core.models import ChangeLogEntry
from peaceops.geo.index import AdminIndex
from peaceops.geo.loaders import load_boundaries
from peaceops.incidents.importing import import_incidents
from peaceops.incidents.models import Incident

from .conftest import CAR_ADM1, CAR_GED, SYRIA_GED

CATEGORY = {"1": "organised-violence/state-based", "2": "organised-violence/non-state",
            "3": "organised-violence/one-sided"}


def source_events(path) -> tuple[list[dict], list[dict]]:
    """(events with ordered estimates, events with out-of-order estimates, each with its start line)."""
    good, bad = [], []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        end = reader.line_num
        for row in reader:
            row["_line"] = end + 1
            end = reader.line_num
            low, best, high = int(row["low"]), int(row["best"]), int(row["high"])
            (good if low <= best <= high else bad).append(row)
    return good, bad


def check_counts_and_sums(mission, path, report):
    good, bad = source_events(path)
    assert report.read == len(good) + len(bad)
    assert report.created == len(good) + len(bad)
    assert report.rejected == 0
    assert report.repaired == len(bad)
    assert sorted(line for line, _ in report.repairs) == sorted(row["_line"] for row in bad)

    incidents = Incident.objects.filter(mission=mission)
    assert incidents.count() == len(good) + len(bad)
    assert set(incidents.values_list("ucdp_id", flat=True)) == {row["id"] for row in good + bad}
    assert set(incidents.exclude(data_repairs=None).values_list("ucdp_id", flat=True)) == {r["id"] for r in bad}
    sums = incidents.aggregate(low=Sum("fatalities_low"), best=Sum("fatalities_best"),
                               high=Sum("fatalities_high"), first=Min("occurred_start"),
                               last=Max("occurred_end"))
    repaired = [(min(int(r["low"]), int(r["best"])), int(r["best"]), max(int(r["high"]), int(r["best"])))
                for r in bad]
    for i, column in enumerate(("low", "best", "high")):
        assert sums[column] == sum(int(row[column]) for row in good) + sum(r[i] for r in repaired)
    good = good + bad
    assert sums["first"].date().isoformat() == min(row["date_start"] for row in good)
    assert sums["last"].date().isoformat() == max(row["date_end"] for row in good)
    by_type = collections.Counter(CATEGORY[row["type_of_violence"]] for row in good)
    stored = {r["category__path"]: r["n"]
              for r in incidents.order_by().values("category__path").annotate(n=Count("id"))}
    assert stored == dict(by_type)


@pytest.mark.django_db
def test_car_ged_imports_every_event_with_its_numbers(minusca, analyst):
    report = import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    check_counts_and_sums(minusca, CAR_GED, report)
    assert ChangeLogEntry.objects.filter(object_type="incidents.incident", action="create").count() == report.created


@pytest.mark.django_db
def test_car_ged_fields_are_mapped_as_documented(minusca, analyst):
    import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    good, bad = source_events(CAR_GED)
    rows = {row["id"]: row for row in good + bad}
    precision = {"1": "exact", "2": "near", "3": "admin2", "4": "admin1", "5": "near", "6": "country",
                 "7": "country"}
    time_precision = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
    for incident in Incident.objects.filter(mission=minusca).prefetch_related("casualties", "sources"):
        row = rows[incident.ucdp_id]
        assert incident.location_precision == precision[row["where_prec"]]
        assert incident.time_precision == time_precision[row["date_prec"]]
        assert incident.occurred_start == dt.datetime.fromisoformat(row["date_start"]).replace(tzinfo=dt.UTC)
        assert incident.occurred_end == dt.datetime.fromisoformat(row["date_end"]).replace(tzinfo=dt.UTC)
        assert (incident.lon, incident.lat) == (float(row["longitude"]), float(row["latitude"]))
        assert incident.status == "verified" and incident.classification == "PUBLIC"
        headline = row["source_headline"].split(";")[0].strip()
        if headline and len(headline) <= 300:
            assert incident.title == headline
        elif not headline:
            assert incident.title == f"{row['dyad_name']} at {row['where_coordinates']}"
        assert len(incident.title) <= 300
        killed = {c.group: c.killed_best for c in incident.casualties.all()}
        assert sum(killed.values()) == sum(int(row[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians",
                                                                 "deaths_unknown"))
        assert killed.get("civilians", 0) == int(row["deaths_civilians"])
        [source] = incident.sources.all()
        assert (source.type, source.reliability, source.credibility) == ("dataset", "B", "2")


@pytest.mark.django_db
def test_one_sided_violence_has_a_perpetrator_and_civilian_victims(minusca, analyst):
    import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    good, _ = source_events(CAR_GED)
    row = next(r for r in good if r["type_of_violence"] == "3" and r["side_a"].startswith("Government of"))
    incident = Incident.objects.get(mission=minusca, ucdp_id=row["id"])
    links = {(link.actor.name, link.role, link.actor.type, link.actor.ucdp_actor_id)
             for link in incident.actor_links.select_related("actor")}
    assert links == {
        (row["side_a"], "perpetrator", "state_forces", int(row["side_a_new_id"])),
        ("Civilians", "victim", "civilians", int(row["side_b_new_id"])),
    }


@pytest.mark.django_db
def test_reimport_changes_nothing_and_an_edited_row_updates_one_incident(minusca, analyst, tmp_path):
    import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    entries = ChangeLogEntry.objects.count()
    again = import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == Incident.objects.filter(mission=minusca).count()
    assert ChangeLogEntry.objects.count() == entries

    good, _ = source_events(CAR_GED)
    edited_id = good[100]["id"]
    with gzip.open(CAR_GED, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, header = list(reader), reader.fieldnames
    for row in rows:
        if row["id"] == edited_id:
            row["best"] = row["high"] = str(int(row["high"]) + 5)
            row["deaths_unknown"] = str(int(row["deaths_unknown"]) + int(row["best"]) - int(good[100]["best"]))
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    report = import_incidents(edited, format="ucdp-ged", mission=minusca, acting_user=analyst)
    assert (report.created, report.updated) == (0, 1)
    incident = Incident.objects.get(mission=minusca, ucdp_id=edited_id)
    assert incident.fatalities_best == int(good[100]["high"]) + 5
    [entry] = ChangeLogEntry.objects.filter(id__gt=0).order_by("-id")[:1]
    assert ChangeLogEntry.objects.count() == entries + 1
    assert (entry.action, entry.object_id, entry.actor_name) == ("update", str(incident.pk), "jmac")
    assert entry.before["fatalities_best"] == int(good[100]["best"])
    assert entry.after["fatalities_best"] == incident.fatalities_best


@pytest.mark.django_db
def test_admin1_is_the_region_containing_the_event(minusca, analyst):
    load_boundaries(CAR_ADM1, mission=minusca, level=1)
    AdminIndex.invalidate()
    import_incidents(CAR_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    with CAR_ADM1.open(encoding="utf-8") as f:
        features = json.load(f)["features"]
    regions = [(feat["properties"]["shapeName"], shapely.make_valid(shapely.geometry.shape(feat["geometry"])))
               for feat in features]
    checked = 0
    for incident in Incident.objects.filter(mission=minusca).select_related("admin1"):
        point = shapely.Point(incident.lon, incident.lat)
        containing = {name for name, polygon in regions if polygon.covers(point)}
        if incident.location_precision == "country" or not containing:
            assert incident.admin1 is None, incident.ucdp_id
        else:
            assert incident.admin1 is not None and incident.admin1.name in containing, incident.ucdp_id
            checked += 1
    assert checked > 1000  # most CAR events lie inside a region


@pytest.mark.django_db
def test_syria_ged_layout_imports_by_column_name(minusca, analyst):
    report = import_incidents(SYRIA_GED, format="ucdp-ged", mission=minusca, acting_user=analyst)
    check_counts_and_sums(minusca, SYRIA_GED, report)
    assert Incident.objects.filter(mission=minusca, description="").count() == 0  # source_article kept

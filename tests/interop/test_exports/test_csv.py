"""The PeaceOps CSV export: every documented column, with values as the reporter entered them."""

import re
from pathlib import Path

import h3
import pytest

from peaceops.incidents.inputs import ActorData
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

from .seeds import read_table, run_export

DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


def documented_columns() -> list[str]:
    """Column names of the PeaceOps CSV section of docs/formats.md (table rows and read-only list)."""
    section = DOCS.read_text(encoding="utf-8").split("## UCDP GED")[0]
    names = []
    for line in section.splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([a-z0-9_]+)`", line.split("|")[1])
    read_only = section.split("Exports add read-only columns")[1].split("\n\n")[0]
    return names + re.findall(r"`([a-z0-9_]+)`", read_only.split(":", 1)[1])


@pytest.fixture
def rows_by_title(seeded):
    text, _ = run_export("--format", "csv", "--user", "admin")
    return {row["title"]: row for row in read_table(text)}, seeded


def test_header_is_the_documented_contract(seeded):
    text, _ = run_export("--format", "csv", "--user", "kfor")
    header = text.splitlines()[0].split(",")
    assert sorted(header) == sorted(documented_columns())
    assert len(header) == 34


def test_rich_incident_is_written_as_reported(rows_by_title, admin_areas):
    rows, seeded = rows_by_title
    row = rows["Public stone-throwing at the bridge"]
    incident = seeded["Public stone-throwing at the bridge"]
    assert row["id"] == "JOC-2026-0017"  # the external id, so a re-import is idempotent
    assert row["uuid"] == str(incident.pk)
    assert (row["occurred_start"], row["occurred_end"], row["reported_at"]) == (
        "2026-03-01T14:30:00Z", "2026-03-01T16:00:00Z", "2026-03-01T17:05:00Z")
    assert row["time_precision"] == "minute"
    assert (float(row["lon"]), float(row["lat"])) == (20.8671, 42.8914)
    assert row["location_name"] == "Ibar bridge, Mitrovica" and row["location_precision"] == "exact"
    assert row["category"] == "mission/inter-ethnic" and row["status"] == "verified"
    assert row["classification"] == "PUBLIC" and row["releasable_to"] == "OSCE"
    # totals are the sums of the groups as reported: civilians 1/2/3 + security forces 0/1/1
    assert [row[f"fatalities_{k}"] for k in ("low", "best", "high")] == ["1", "3", "4"]
    assert [row[f"injured_{k}"] for k in ("low", "best", "high")] == ["0", "1", "1"]
    assert row["casualties"] == "civilians:1/2/3:0/1/1;security_forces:0/1/1:0/0/0"
    assert row["actors"] == ("Unknown armed men|perpetrator|unknown;Kosovo Police|target|state_forces;"
                             "Bus passengers|victim|civilians")
    assert row["sources"] == "patrol|B|2|KFOR report 17;media|C|3|Koha Ditore; 2 March"
    assert (row["mission"], row["owner"]) == ("UNMIK", "UNMIK")
    assert (row["admin1"], row["admin2"]) == (admin_areas["admin1"].name, admin_areas["admin2"].name)
    assert row["h3_cell"] == h3.latlng_to_cell(42.8914, 20.8671, 12)


def test_incident_without_external_id_is_identified_by_its_uuid(rows_by_title):
    rows, seeded = rows_by_title
    row = rows["Public roadblock near Zubin Potok"]
    assert row["id"] == row["uuid"] == str(seeded["Public roadblock near Zubin Potok"].pk)
    assert row["admin2"] == ""  # outside the municipality, inside the region
    assert row["casualties"] == row["actors"] == row["sources"] == ""


def test_rows_come_in_time_order(seeded):
    text, _ = run_export("--user", "admin")
    starts = [row["occurred_start"] for row in read_table(text)]
    assert starts == sorted(starts) and len(starts) == 8  # all but KFOR's own confidential report


@pytest.fixture
def booby_trapped(mission, people):
    """An incident whose free text would run as spreadsheet formulas, placed west of Greenwich."""
    return create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title='=HYPERLINK("http://evil.example","click")', description="+1 555 0100 called",
        location_name="@home", lon=-12.5, lat=8.4, external_id="-17",
        actors=[ActorData(name="-armed men", role="perpetrator")],
    ))


def test_formula_injection_is_neutralised_but_numbers_stay_numbers(booby_trapped):
    text, _ = run_export("--format", "csv", "--user", "watch")
    row = read_table(text)[0]
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["description"] == "'+1 555 0100 called"
    assert row["location_name"] == "'@home"
    assert row["id"] == "'-17"  # an id is text
    assert row["lon"] == "-12.5" and float(row["lon"]) == -12.5  # a number, untouched
    assert row["lat"] == "8.4"
    assert row["actors"] == "'-armed men|perpetrator|unknown"


def test_tab_and_carriage_return_starts_are_neutralised(mission, people):
    create_incident(acting_user=people["watch"], mission=mission,
                    data=incident_data(description="\t=1+1", location_name="\r=2+2"))
    row = read_table(run_export("--user", "watch")[0])[0]
    assert row["description"] == "'\t=1+1" and row["location_name"] == "'\r=2+2"

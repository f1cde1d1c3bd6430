"""The HXL export, read back with libhxl and checked hashtag by hashtag against the incidents."""

import io
import re
from pathlib import Path

import hxl
import hxl.datatypes
import pytest

from peaceops.incidents.models import Incident

from .seeds import expected_titles, run_export

DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


@pytest.fixture
def kfor_hxl(seeded):
    text, _ = run_export("--format", "hxl", "--user", "kfor")
    return text


def read_hxl(text: str):
    return hxl.data(hxl.input.make_input(io.BytesIO(text.encode("utf-8")), hxl.InputOptions(allow_local=True)))


def cell(row, pattern: str) -> str:
    """The row's value for a tag pattern ('' for an empty cell, which libhxl gives as None)."""
    return row.get(pattern) or ""


def hxl_time(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def test_libhxl_reads_every_visible_incident(kfor_hxl):
    titles = [row.get("#event+name") for row in read_hxl(kfor_hxl)]
    assert sorted(titles) == sorted(expected_titles("KFOR"))


def test_values_per_hashtag_match_the_database(kfor_hxl, admin_areas):
    rows = list(read_hxl(kfor_hxl))
    assert rows
    for row in rows:
        incident = Incident.objects.select_related("category", "owner", "admin1", "admin2").get(
            pk=row.get("#meta+uuid"))
        assert row.get("#event+id") == (incident.external_id or str(incident.pk))
        assert row.get("#event+name") == incident.title
        assert row.get("#event+type") == incident.category.path
        assert row.get("#status") == incident.status
        assert row.get("#date+start") == hxl_time(incident.occurred_start)
        assert row.get("#date+end") == hxl_time(incident.occurred_end)
        assert row.get("#date+reported") == hxl_time(incident.reported_at)
        assert float(row.get("#geo+lat")) == incident.lat and float(row.get("#geo+lon")) == incident.lon
        assert row.get("#geo+precision") == incident.location_precision
        assert cell(row, "#adm1+name") == (incident.admin1.name if incident.admin1 else "")
        assert cell(row, "#adm1+code") == (incident.admin1.code if incident.admin1 else "")
        assert cell(row, "#adm2+name") == (incident.admin2.name if incident.admin2 else "")
        # the plain tag is the best estimate; +min and +max the bounds
        assert int(row.get("#affected+killed")) == incident.fatalities_best
        assert int(row.get("#affected+killed+min")) == incident.fatalities_low
        assert int(row.get("#affected+killed+max")) == incident.fatalities_high
        assert int(row.get("#affected+injured")) == incident.injured_best
        assert row.get("#org+code") == incident.owner.code
        assert row.get("#meta+classification") == incident.classification
        assert cell(row, "#meta+releasable") == ";".join(sorted(o.code for o in incident.releasable_to.all()))


def test_the_reported_groups_and_places_of_one_incident(kfor_hxl):
    row = next(r for r in read_hxl(kfor_hxl) if r.get("#event+name") == "Public stone-throwing at the bridge")
    assert row.get("#loc+name") == "Ibar bridge, Mitrovica"
    assert row.get("#affected+killed") == "3" and row.get("#affected+killed+min") == "1"
    assert row.get("#group+name+perpetrator") == "Unknown armed men"
    # KFOR does not own it and its release does not include sources: the victims' names are withheld.
    assert row.get("#group+name+target") == "Kosovo Police; withheld"


def test_the_owner_reads_the_victims_names(seeded):
    text, _ = run_export("--format", "hxl", "--user", "watch")
    row = next(r for r in read_hxl(text) if r.get("#event+name") == "Public stone-throwing at the bridge")
    assert row.get("#group+name+target") == "Kosovo Police; Bus passengers"
    assert row.get("#meta+source") == "KFOR report 17; Koha Ditore; 2 March"
    assert row.get("#adm2+name") == "Mitrovicë e Veriut"


def test_export_passes_hxl_validation_and_dates_normalise_to_the_right_day(kfor_hxl):
    report = hxl.validate(read_hxl(kfor_hxl))
    assert report["is_valid"], report["issues"]
    starts = [hxl.datatypes.normalise_date(row.get("#date+start")) for row in read_hxl(kfor_hxl)]
    assert "2026-03-01" in starts and "2026-03-03" in starts  # not 2026-01-03: month and day kept apart


def test_hashtags_are_the_documented_ones(kfor_hxl):
    section = DOCS.read_text(encoding="utf-8").split("## HXL")[1]
    table = [line.split("|")[2] for line in section.splitlines() if line.startswith("| `")]
    documented = [tag for cell in table for tag in re.findall(r"`(#[a-z0-9_+]+)`", cell)]
    hashtag_row = read_hxl(kfor_hxl).columns
    assert sorted(c.display_tag for c in hashtag_row) == sorted(documented)

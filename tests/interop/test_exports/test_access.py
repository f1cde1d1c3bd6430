"""Exports contain exactly what the exporting user may see, in every format."""

import pytest

from peaceops.incidents.formats.exporters import FORMATS

from .seeds import OTHER_MISSION_TITLE, SEEDS, expected_titles, exported_titles, run_export


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_partner_export_holds_exactly_what_is_released_to_it(seeded, fmt):
    titles = exported_titles(fmt, run_export("--format", fmt, "--user", "kfor")[0])
    assert sorted(titles) == sorted(expected_titles("KFOR"))
    assert "Confidential UNMIK only" not in titles
    assert "Strictly confidential released to KFOR" not in titles  # KFOR holds no strictly-confidential role
    assert OTHER_MISSION_TITLE not in titles


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_osce_viewer_sees_public_and_its_releases_only(seeded, fmt):
    titles = exported_titles(fmt, run_export("--format", fmt, "--user", "osce")[0])
    assert sorted(titles) == sorted(expected_titles("OSCE"))


def test_strictly_confidential_reader_gets_strictly_confidential_records(seeded):
    titles = set(exported_titles("csv", run_export("--user", "sc")[0]))
    unmik_view = expected_titles("UNMIK")
    assert titles == unmik_view | {"Strictly confidential UNMIK only", "Strictly confidential released to KFOR"}
    assert "KFOR own confidential patrol report" not in titles


def test_every_seed_is_accounted_for(seeded):
    """The seeds cover each case the tests rely on (a guard against a seed list that proves nothing)."""
    kfor = expected_titles("KFOR")
    assert len(kfor) == 5 and len(SEEDS) - len(kfor) == 4

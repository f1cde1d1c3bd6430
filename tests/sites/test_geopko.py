"""The geo-pko import format, checked against the bundled Geo-PKO subset read here independently (csv module)."""

import csv
import shutil
from collections import defaultdict

import pytest
from django.db.models import Sum

from peaceops.core.models import ChangeLogEntry
from peaceops.interop.records import FormatError, import_records
from peaceops.sites.models import Site, SiteYear
from peaceops.sites.services import SiteService

from .conftest import GEO_PKO

FRONT = GEO_PKO / "FrontMap_v.2.3_1994_2017.csv"


def expected(mission: str):
    """From the source file: {location: {year: troops}} (a location-year the file repeats counts once)."""
    sites = defaultdict(dict)
    with FRONT.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["mission"] == mission:
                sites[row["location"]].setdefault(int(row["year"]), round(float(row["ave.no.troops"])))
    return sites


def load(path, mission, user, **kw):
    return import_records(SiteService(), path, format="geo-pko", mission=mission, acting_user=user, **kw)


@pytest.mark.parametrize("code", ["UNMIK", "MINUSCA"])
def test_the_import_gives_one_site_per_location_with_its_years_and_troops(site_admins, code):
    mission, admin = site_admins[code]
    report = load(GEO_PKO, mission, admin)
    want = expected(code)
    assert (report.created, report.rejected) == (len(want), 0)
    sites = Site.objects.filter(mission=mission)
    assert sorted(sites.values_list("name", flat=True)) == sorted(want)
    for site in sites:
        assert {y.year: y.troops for y in site.years.all()} == want[site.name]
    by_year = defaultdict(int)
    for years in want.values():
        for year, troops in years.items():
            by_year[year] += troops
    stored = dict(SiteYear.objects.filter(site__mission=mission).values("year").annotate(t=Sum("troops"))
                  .values_list("year", "t"))
    assert stored == dict(by_year)


def test_units_and_countries_come_from_the_troop_type_and_contributor_tables(site_admins):
    mission, admin = site_admins["MINUSCA"]
    load(GEO_PKO, mission, admin)
    with (GEO_PKO / "TTMap_v.2.3_1994_2017.csv").open(encoding="utf-8") as handle:
        tt = next(r for r in csv.DictReader(handle) if r["mission"] == "MINUSCA" and int(r["Infantry"]) > 0)
    year = SiteYear.objects.get(site__mission=mission, site__name=tt["location"], year=int(tt["year"]))
    assert year.units["infantry"] == int(tt["Infantry"]) and year.units.get("engineering", 0) == int(tt["eng"])
    with (GEO_PKO / "TCCMap_v.2.3_1994_2017.csv").open(encoding="utf-8") as handle:
        tcc = next(r for r in csv.DictReader(handle) if r["mission"] == "MINUSCA" and int(r["No.TCC"]) > 1)
    year = SiteYear.objects.get(site__mission=mission, site__name=tcc["location"], year=int(tcc["year"]))
    assert len(year.countries) == int(tcc["No.TCC"])
    assert year.countries[0]["country"] in tcc["year.overview"]


def test_importing_again_changes_nothing(site_admins):
    mission, admin = site_admins["UNMIK"]
    first = load(GEO_PKO, mission, admin)
    entries = ChangeLogEntry.objects.count()
    again = load(GEO_PKO, mission, admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert ChangeLogEntry.objects.count() == entries


def test_a_bad_row_is_rejected_with_its_line_and_reason_and_the_rest_kept(site_admins, tmp_path):
    mission, admin = site_admins["UNMIK"]
    for name in ("FrontMap", "TTMap", "TCCMap"):
        shutil.copy(GEO_PKO / f"{name}_v.2.3_1994_2017.csv", tmp_path / f"{name}_test.csv")
    front = tmp_path / "FrontMap_test.csv"
    lines = front.read_text(encoding="utf-8").splitlines()
    lines.append("UNMIK,2003,Kosovo,Nowhere,north,20.1,0,0,0,0,0,0,0,0,0")
    front.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load(front, mission, admin, rejects_path=tmp_path / "rejects.csv")
    assert report.rejected == 1 and report.rejects[0][0] == len(lines)
    assert "latitude" in report.rejects[0][1]
    rejected = list(csv.DictReader((tmp_path / "rejects.csv").open(encoding="utf-8")))
    assert rejected[0]["line"] == str(len(lines)) and rejected[0]["location"] == "Nowhere"
    assert report.created == len(expected("UNMIK"))


def test_a_file_without_the_optional_columns_or_tables_still_imports(site_admins, tmp_path):
    mission, admin = site_admins["UNMIK"]
    front = tmp_path / "FrontMap_new.csv"
    front.write_text("location,mission,year,longitude,latitude\nPristina,UNMIK,2019,21.16688,42.67272\n"
                     "Pristina,UNMIK,2020,21.16688,42.67272\n", encoding="utf-8")
    report = load(front, mission, admin)
    site = Site.objects.get(mission=mission)
    assert (report.created, site.name, site.site_type) == (1, "Pristina", "team_site")
    assert [y.year for y in site.years.all()] == [2019, 2020]
    load(GEO_PKO, mission, admin)  # the older years join the same site (same mission and location)
    pristina = Site.objects.get(mission=mission, name="Pristina")
    assert {2019, 2020, 1999} <= {y.year for y in pristina.years.all()}


def test_a_file_that_is_not_geo_pko_is_refused(site_admins, tmp_path):
    mission, admin = site_admins["UNMIK"]
    other = tmp_path / "FrontMap_x.csv"
    other.write_text("event_id,date\n1,2020-01-01\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a Geo-PKO"):
        load(other, mission, admin)


def test_the_command_imports_the_directory_and_says_what_it_did(site_admins, tmp_path):
    import io

    from django.core.management import call_command

    mission, admin = site_admins["MINUSCA"]
    out = io.StringIO()
    call_command("import_records", "sites.site", str(GEO_PKO), "--format", "geo-pko", "--mission", "MINUSCA",
                 "--user", admin.username, stdout=out)
    assert f"{len(expected('MINUSCA'))} created, 0 updated, 0 unchanged, 0 rejected" in out.getvalue()

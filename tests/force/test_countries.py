"""Country names as the UN publishes them, resolved to ISO 3166-1 alpha-3 codes (peaceops.force.countries).

Checked on every name of the real files (the fixture's yearly rows name all 144 countries of the 2010-2019
table), against the ranking file's own ISOCode3 column (a code the resolver never sees), on names neither file
holds, and on names that are no country or not one surely."""

import csv
from pathlib import Path

import pytest

from peaceops.force.countries import resolve

FIXTURES = Path(__file__).parents[1] / "fixtures" / "un_contributions"
YEARLY = FIXTURES / "contributions_2010_2019_subset.csv"
RANK = FIXTURES / "rank_uniformed_personnel_snapshot_2021-01-31.csv"
SHARED = Path("/work/shared/data/un_pk_contributions/contributions_country_mission_year_2010_2019.csv")


def names(path: Path, column: str) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_every_country_of_the_yearly_table_resolves():
    countries = names(YEARLY, "Country")
    assert len(countries) == 144
    assert [n for n in sorted(countries) if resolve(n) is None] == []
    assert len({resolve(n) for n in countries}) == 144  # no two names on one country


def test_every_country_of_the_ranking_resolves_to_its_own_iso_code():
    with RANK.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 122
    assert [(r["Contributing_Country"], r["ISOCode3"], resolve(r["Contributing_Country"])) for r in rows
            if resolve(r["Contributing_Country"]) != r["ISOCode3"]] == []


@pytest.mark.parametrize(("name", "code"), [
    ("Bolivia (Plurinational State of)", "BOL"), ("Republic of Korea", "KOR"),
    ("Democratic People's Republic of Korea", "PRK"), ("United Republic of Tanzania", "TZA"),
    ("Côte d’Ivoire", "CIV"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Russian Federation", "RUS"),
    ("Iran (Islamic Republic of)", "IRN"), ("Viet Nam", "VNM"), ("Republic of Moldova", "MDA"),
    ("North Macedonia", "MKD"), ("The former Yugoslav Republic of Macedonia", "MKD"), ("Türkiye", "TUR"),
    ("Turkey", "TUR"), ("Gambia (Republic of The)", "GMB"), ("Gambia", "GMB"), ("Micronesia", "FSM"),
    # names neither real file holds
    ("Micronesia (Federated States of)", "FSM"), ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Netherlands (Kingdom of the)", "NLD"), ("Lao People's Democratic Republic", "LAO"),
    ("Democratic Republic of the Congo", "COD"), ("Congo", "COG"), ("State of Palestine", "PSE"),
    ("Syrian Arab Republic", "SYR"), ("Holy See", "VAT"), ("Swaziland", "SWZ"), ("Cape Verde", "CPV"),
    ("Czech Republic", "CZE"), ("Niger", "NER"), ("Nigeria", "NGA"), ("Guinea", "GIN"),
    ("Equatorial Guinea", "GNQ"), ("South Sudan", "SSD"), ("  united   STATES of america ", "USA"), ("bgd", "BGD"),
])
def test_un_and_other_names_resolve(name, code):
    assert resolve(name) == code


@pytest.mark.parametrize("name", ["", "   ", "Xyz", "Atlantis", "Republic", "Korea", "Kosovo", "United",
                                  "Islands", "12345", "UNMIK", "Phillipines", "Republic of Nowhere"])
def test_garbage_and_ambiguous_names_resolve_to_nothing(name):
    """"Korea" is North or South; "Kosovo" has no ISO 3166-1 code (pycountry's fuzzy search would say Serbia,
    through its subdivisions); a misspelling is not guessed at."""
    assert resolve(name) is None


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="the shared data directory is not here")
def test_every_country_of_the_whole_shared_table_resolves():
    assert [n for n in sorted(names(SHARED, "Country")) if resolve(n) is None] == []

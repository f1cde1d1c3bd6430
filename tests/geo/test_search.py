"""Searching the gazetteer: Albanian, Serbian, ASCII and Cyrillic spellings find the same place; exact and
prefix matches rank before contains; populated places and larger ones first; `near` prefers the closest
of same-named villages."""

import math
from collections import defaultdict

import pytest

from peaceops.geo.names import search_key
from peaceops.geo.search import search_places

from .conftest import gazetteer_rows

pytestmark = pytest.mark.django_db


def geonames_id(name: str) -> int:
    return int(next(r for r in gazetteer_rows() if r["name"] == name and r["feature_class"] == "P")["geonameid"])


@pytest.mark.parametrize("query", ["Mitrovicë", "Mitrovica", "mitrovice", "Kosovska Mitrovica", "KOSOVSKA MITROVICA",
                                   "Косовска Митровица"])
def test_mitrovica_by_any_spelling(gazetteer, query):
    found = search_places(query)
    assert found and found[0].geonames_id == geonames_id("Mitrovicë")


def test_serbian_and_albanian_names_of_the_capital(gazetteer):
    capital = geonames_id("Pristina")
    assert search_places("Priština")[0].geonames_id == capital
    assert search_places("Prishtinë")[0].geonames_id == capital


def test_prefix_matches_come_before_contains_matches(gazetteer):
    found = search_places("prizren", limit=30)
    tiers = []
    for place in found:
        keys = {search_key(n) for n in place.alternate_names.values_list("name", flat=True)}
        tiers.append(0 if "prizren" in keys else 1 if any(k.startswith("prizren") for k in keys) else 2)
    assert tiers == sorted(tiers) and tiers[0] == 0 and 2 in tiers
    assert found[0].feature_class == "P"


def test_populated_places_and_larger_population_first(gazetteer):
    found = search_places("gjilan", limit=20)
    assert found[0].geonames_id == geonames_id("Gjilan")
    classes = [p.feature_class == "P" for p in found if p.name.lower().startswith("gjilan")]
    assert classes == sorted(classes, reverse=True)


def test_near_prefers_the_closest_of_several_same_named_villages(gazetteer):
    by_key = defaultdict(list)
    for row in gazetteer_rows():
        if row["feature_class"] == "P":
            by_key[search_key(row["name"])].append(row)
    key, rows = max(by_key.items(), key=lambda item: len(item[1]))
    assert len(rows) >= 3
    for target in [r for r in rows if int(r["population"] or 0) < 1000 and not r["feature_code"].startswith("PPLA")]:
        lon, lat = float(target["longitude"]), float(target["latitude"])
        found = search_places(key, limit=len(rows) + 5, near=(lon, lat))
        # Villages only: a town of the same name counts as up to 40% nearer (geo.search).
        exact = [p for p in found if search_key(p.name) == key and p.feature_class == "P" and p.population < 1000
                 and not p.feature_code.startswith("PPLA")]
        assert exact[0].geonames_id == int(target["geonameid"])
        distances = [math.hypot((p.lon - lon) * math.cos(math.radians(lat)), p.lat - lat) for p in exact]
        assert distances == sorted(distances)


def test_limit_and_empty_queries(gazetteer):
    assert len(search_places("a", limit=7)) == 7
    assert search_places("   ") == [] and search_places("--") == []
    assert search_places("no such place anywhere") == []


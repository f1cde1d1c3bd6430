"""Benchmark: reading community alert messages (`peaceops.alerts.reading.read_message`) against the test
gazetteer, and the place extraction's precision and recall.

    python bench/bench_alerts_reading.py [--repeat 3] [--db var/bench/alerts_reading.sqlite3]

A fresh database gets what the tests read against (tests/alerts/conftest.py): UNMIK with Kosovo's boundaries
and their names, the demo's named places and the GeoNames Kosovo gazetteer (about 18,500 names). The labelled
messages of tests/fixtures/alerts (messages.tsv, which the reader was tuned on, and held_out.tsv, written
after) are read `--repeat` times, warm, one after another in one process; the figures go to
docs/benchmarks.md.
"""

import argparse
import csv
import json
import statistics
import time
from pathlib import Path

from common import ROOT, report, setup_django, summary

DEMO = ROOT / "peaceops" / "demo" / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "alerts"


def labelled(name: str) -> list[dict]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "alerts_reading.sqlite3"))
    args = parser.parse_args()
    setup_django(Path(args.db), fresh=True)

    from peaceops.alerts import places as alert_places
    from peaceops.alerts.reading import read_message
    from peaceops.alerts.vocabulary import for_mission
    from peaceops.geo.loaders import load_boundaries, load_gazetteer
    from peaceops.geo.models import AdminArea, NamedPlace, Place, PlaceIndexName
    from peaceops.geo.named import load_named_places
    from peaceops.testing import world

    mission = world.mission("UNMIK")
    names = json.loads((DEMO / "boundaries" / "kosovo_names.json").read_text(encoding="utf-8"))
    for level in (0, 1, 2):
        load_boundaries(DEMO / "boundaries" / f"cgaz_XKX_ADM{level}.geojson", mission=mission, level=level,
                        names=names)
    load_named_places(DEMO / "named_places" / "unmik_named_places.json", mission=mission)
    load_gazetteer(DEMO / "gazetteer" / "geonames_XK_2012.csv.gz")

    lookups = 0
    real_find_places = alert_places.find_places

    def counting(*a, **k):
        nonlocal lookups
        lookups += 1
        return real_find_places(*a, **k)

    alert_places.find_places = counting

    def english(match) -> str:
        hit = match.place
        if hit.source == "area":
            return AdminArea.objects.get(pk=hit.id).name_in("en")
        if hit.source == "named":
            return NamedPlace.objects.get(pk=hit.id).name_in("en")
        return Place.objects.get(pk=hit.id).name

    vocabulary = for_mission(mission)
    lines = [("index", f"{PlaceIndexName.objects.count():,} names (Kosovo's areas, the demo's named places, "
                       "the GeoNames Kosovo gazetteer)")]
    for name in ("messages.tsv", "held_out.tsv"):
        rows = labelled(name)
        times, read, right, named, languages, categories = [], 0, 0, 0, 0, 0
        lookups = 0
        for _ in range(args.repeat):
            for row in rows:
                start = time.perf_counter()
                reading = read_message(row["text"], mission=mission, vocabulary=vocabulary)
                times.append((time.perf_counter() - start) * 1000)
        per_message_lookups = lookups / (args.repeat * len(rows))
        for row in rows:
            reading = read_message(row["text"], mission=mission, vocabulary=vocabulary)
            expected = [p for p in row["places"].strip().split("|") if p]
            named += bool(expected)
            if reading.place is not None:
                read += 1
                right += english(reading.place) in expected
            languages += reading.language == row["language"]
            categories += reading.category == row["category"]
        stats = summary(times)
        lines.append((f"{name} ({len(rows)} messages)",
                      f"median {stats['median_ms']:.0f} ms a message (p95 {stats['p95_ms']:.0f}); "
                      f"{1000 / statistics.mean(times):.1f} messages/s one after another; "
                      f"{per_message_lookups:.1f} place lookups a message; "
                      f"places: precision {right / max(read, 1):.2f} ({right}/{read}), recall "
                      f"{right / max(named, 1):.2f} ({right}/{named}); language right {languages}/{len(rows)}; "
                      f"category right {categories}/{len(rows)}"))
    report("Reading alert messages", lines)


if __name__ == "__main__":
    main()

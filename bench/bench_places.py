"""Benchmark: the place search (`peaceops.geo.search.find_places`) over an index of about 50,000 names.

    python bench/bench_places.py [--names 50000] [--repeat 20] [--db var/bench/places.sqlite3]

A fresh database gets Kosovo's boundaries with their names, the demo's named places and the GeoNames Kosovo
gazetteer, then synthetic gazetteer places (the real rows again with an extra made-up word in every name, moved
up to half a degree) until the index holds `--names` names. Each query is timed `--repeat` times (warm) as a
mission member would send it, with and without the map's centre; then `--points` random points named by the nearest place, in one batch (`nearest_places`) and
one at a time (`nearest_place`); the figures go to docs/benchmarks.md.
"""

import argparse
import csv
import gzip
import json
import random
import time

from common import ROOT, report, setup_django, summary, timed

DEMO = ROOT / "peaceops" / "demo" / "data"
QUERIES = ["North Mitrovica", "Северна Митровица", "Mitrovica e Veriut", "Ibar bridge", "ibar brige", "Prizren",
           "Prizern", "mitro", "a", "zzzz nothing"]
SYLLABLES = ["ko", "va", "ri", "dra", "gor", "nje", "sel", "bro", "do", "lu", "pla", "ni", "zu", "ka", "me"]


def synthetic_file(path, rows: list[dict], copies: int, rng: random.Random) -> None:
    """The real rows `copies` times more, each name with a made-up word added and the place moved."""
    fields = list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        for copy in range(1, copies + 1):
            for row in rows:
                word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                names = [n for n in row["alternatenames"].split(",") if n]
                writer.writerow({**row, "geonameid": int(row["geonameid"]) + copy * 10_000_000,
                                 "name": f"{row['name']} {word}", "asciiname": f"{row['asciiname']} {word}",
                                 "alternatenames": ",".join(f"{n} {word}" for n in names),
                                 "latitude": float(row["latitude"]) + rng.uniform(-0.5, 0.5),
                                 "longitude": float(row["longitude"]) + rng.uniform(-0.5, 0.5)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--points", type=int, default=50, help="points named at once by nearest_places")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "places.sqlite3"))
    args = parser.parse_args()
    from pathlib import Path

    setup_django(Path(args.db), fresh=True)
    from django.contrib.auth import get_user_model

    from peaceops.core.models import Mission
    from peaceops.geo.loaders import load_boundaries, load_gazetteer
    from peaceops.geo.models import PlaceIndexName
    from peaceops.geo.named import load_named_places
    from peaceops.geo.search import find_places, nearest_place, nearest_places

    mission = Mission.objects.create(code="UNMIK", name="UNMIK", country_iso3="XKX")
    names = json.loads((DEMO / "boundaries" / "kosovo_names.json").read_text(encoding="utf-8"))
    for level in (0, 1, 2):
        load_boundaries(DEMO / "boundaries" / f"cgaz_XKX_ADM{level}.geojson", mission=mission, level=level,
                        names=names)
    load_named_places(DEMO / "named_places" / "unmik_named_places.json", mission=mission)
    start = time.perf_counter()
    load_gazetteer(DEMO / "gazetteer" / "geonames_XK_2012.csv.gz")
    real = PlaceIndexName.objects.count()
    with gzip.open(DEMO / "gazetteer" / "geonames_XK_2012.csv.gz", "rt", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    copies = max(0, -(-(args.names - real) // max(real, 1)))
    if copies:
        extra = Path(args.db).with_suffix(".synthetic.csv")
        synthetic_file(extra, rows, copies, random.Random(7))
        load_gazetteer(extra)
    load_seconds = time.perf_counter() - start
    total = PlaceIndexName.objects.count()
    user = get_user_model().objects.create_superuser("bench-places", password="x")
    lines = [("index", f"{total:,} names ({real:,} real, the rest synthetic); gazetteer loads and indexing "
                       f"{load_seconds:.1f} s")]
    centre = (20.87, 42.89)
    for query in QUERIES:
        hits = find_places(query, user=user, missions=[mission.pk], limit=10)
        plain = summary(timed(lambda q=query: find_places(q, user=user, missions=[mission.pk], limit=10),
                              args.repeat))
        near = summary(timed(lambda q=query: find_places(q, user=user, missions=[mission.pk], near=centre,
                                                          limit=10), args.repeat))
        first = f"{hits[0].name} ({hits[0].kind})" if hits else "nothing"
        lines.append((f"`{query}`", f"median {plain['median_ms']:.0f} ms (p95 {plain['p95_ms']:.0f}); with the "
                                    f"map's centre {near['median_ms']:.0f} ms (p95 {near['p95_ms']:.0f}); "
                                    f"first: {first}"))
    # Naming many points at once (the analysts' hotspots) against one at a time (a map click), same answers.
    rng = random.Random(11)
    points = [(rng.uniform(20.3, 21.5), rng.uniform(42.2, 43.2)) for _ in range(args.points)]
    batch = nearest_places(points, user=user, missions=[mission.pk])
    single = [nearest_place(lon, lat, user=user, missions=[mission.pk]) for lon, lat in points]
    assert [(h.source, h.id) if h else None for h in batch] == [(h.source, h.id) if h else None for h in single]
    many = summary(timed(lambda: nearest_places(points, user=user, missions=[mission.pk]), args.repeat))
    one_by_one = summary(timed(lambda: [nearest_place(lon, lat, user=user, missions=[mission.pk])
                                        for lon, lat in points], max(1, args.repeat // 4)))
    lines.append((f"nearest place of {len(points)} points", f"batch (`nearest_places`) median "
                  f"{many['median_ms']:.0f} ms (p95 {many['p95_ms']:.0f}); one at a time (`nearest_place`) "
                  f"median {one_by_one['median_ms']:.0f} ms; {sum(1 for h in batch if h)} named"))
    report(f"Place search over {total:,} names", lines)


if __name__ == "__main__":
    main()

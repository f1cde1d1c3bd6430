"""Benchmark: server-side time of the COP page and its data requests, and the dashboard, at 1M incidents.

    python bench/bench_pages.py [--db var/bench/import.sqlite3] [--repeat 20]

Uses the database the import benchmark filled (mission BENCH). Each request goes through Django's whole
stack in-process as a signed-in watch officer. "Filter change" is what the COP fetches when a filter changes:
hexagons, histogram and the list fragment for the new filter (three requests, timed together). Baseline in the
same process: the API list first page (a request that only walks an index), so ratios show what each page
costs over the cheapest request.
"""

import argparse
import datetime as dt
import random
from pathlib import Path

from common import ROOT, report, setup_django, summary, timed

CATEGORIES = ["mission/crime", "mission/inter-ethnic", "mission/demonstration", "acled/riots"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "import.sqlite3"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django(Path(args.db))

    from bench_world import make_world, watch_officer_client

    world = make_world()
    client = watch_officer_client(world)
    rng = random.Random(5)
    end = dt.date(2026, 11, 1)

    def window():
        until = end - dt.timedelta(days=rng.randrange(0, 600))
        return f"since={until - dt.timedelta(days=30)}&until={until}&category={rng.choice(CATEGORIES)}"

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])

    rows = []

    def measure(label, fn):
        timed(fn, 2)
        stats = summary(timed(fn, args.repeat))
        rows.append((label, stats))

    measure("baseline: API list first page (50), whole mission", lambda: get("/api/v1/incidents?mission=BENCH&limit=50"))
    measure("COP page, initial load (no filter)", lambda: get("/"))
    measure("COP page with a shared filter link (30 days, one category)", lambda: get(f"/?{window()}"))

    def filter_change():
        q = window()
        get(f"/cop/hexes.geojson?{q}&zoom=8")
        get(f"/cop/histogram.json?{q}")
        get(f"/cop/list/?{q}")

    measure("COP filter change: hexes + histogram + list (30 days, one category)", filter_change)
    measure("COP hexes alone, no filter (all two years), zoom 8", lambda: get("/cop/hexes.geojson?zoom=8"))
    # What the browser sends: the map's bbox. Opened on the whole mission, the view holds every incident.
    whole = "bbox=19.8,41.7,22.0,43.4&zoom=8"
    measure("COP opened on the whole mission (bbox holding every incident): hexes + histogram + list",
            lambda: [get(f"/cop/hexes.geojson?{whole}"), get(f"/cop/histogram.json?{whole}"),
                     get(f"/cop/list/?{whole}")])

    def district():
        lon, lat = rng.uniform(20.1, 21.3), rng.uniform(41.9, 42.9)
        return f"bbox={lon:.3f},{lat:.3f},{lon + 0.4:.3f},{lat + 0.3:.3f}&zoom=10"

    def district_change():
        q = f"{window()}&{district()}"
        get(f"/cop/hexes.geojson?{q}")
        get(f"/cop/histogram.json?{q}")
        get(f"/cop/list/?{q}")

    measure("COP filter change in a district view (zoom 10, 30 days, one category): hexes + histogram + list",
            district_change)
    measure("dashboard", lambda: get("/dashboard/"))
    base = rows[0][1]["median_ms"]
    report("Pages at scale (SQLite)", [
        (label, f"median {s['median_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms (n={s['n']}), "
                f"{s['median_ms'] / base:.1f}x the baseline") for label, s in rows])


if __name__ == "__main__":
    main()

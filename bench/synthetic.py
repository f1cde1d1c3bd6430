"""Synthetic incident files for benchmarks: N rows of the PeaceOps CSV format (docs/formats.md), generated fast.

Points are spread over a bounding box with clusters, times over two years, categories from the default taxonomy,
casualties mostly zero. Deterministic for a seed.
"""

import csv
import datetime as dt
import random
from pathlib import Path

CATEGORIES = [
    "mission/inter-ethnic", "mission/demonstration", "mission/freedom-of-movement", "mission/crime",
    "mission/arrest", "mission/explosive-hazard", "mission/attack-on-un", "acled/battles/armed-clash",
    "acled/riots/mob-violence", "organised-violence/one-sided",
]
COLUMNS = ["id", "title", "occurred_start", "time_precision", "lon", "lat", "location_precision", "category",
           "status", "classification", "releasable_to", "casualties", "actors", "sources"]


def write_csv(path: Path, n: int, *, bbox=(20.0, 41.85, 21.8, 43.25), seed: int = 7,
              end: dt.datetime | None = None) -> Path:
    """Write n synthetic incidents to `path` (PeaceOps CSV) and return it."""
    rng = random.Random(seed)
    end = end or dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    span = 2 * 365 * 86400
    min_lon, min_lat, max_lon, max_lat = bbox
    centres = [(rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)) for _ in range(40)]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i in range(n):
            if rng.random() < 0.7:
                cx, cy = rng.choice(centres)
                lon = min(max(rng.gauss(cx, 0.05), min_lon), max_lon)
                lat = min(max(rng.gauss(cy, 0.05), min_lat), max_lat)
            else:
                lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
            when = end - dt.timedelta(seconds=rng.randrange(span))
            killed = rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 2))
            injured = rng.choice((0, 0, 0, 1, 1, 3))
            conf = rng.random() < 0.1
            writer.writerow([
                f"bench-{i}", f"Synthetic incident {i}", when.strftime("%Y-%m-%dT%H:%M:%SZ"), "hour",
                f"{lon:.5f}", f"{lat:.5f}", "exact", rng.choice(CATEGORIES), "reported",
                "CONFIDENTIAL" if conf else "PUBLIC", "KFOR" if conf and rng.random() < 0.5 else "",
                f"civilians:{killed}/{killed}/{killed}:{injured}/{injured}/{injured}" if killed or injured else "",
                "Unknown persons|perpetrator|unknown" if rng.random() < 0.5 else "",
                "patrol|B|2|synthetic report",
            ])
    return path

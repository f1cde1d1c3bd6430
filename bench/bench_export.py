"""Benchmark: export time and peak memory at 1M incidents, one format per child process (clean peak RSS).

    python bench/bench_export.py [--db var/bench/import.sqlite3] [--formats csv,geojson]

Uses the database the import benchmark filled. Each format is exported by `peaceops export-incidents` logic
(`peaceops.incidents.formats.exporters.export_incidents` over `visible_to(user)`) in its own process; the baseline, in the
same child process before the export, is a raw sqlite3 dump of the incident table's own columns to CSV (no
children, no access control), so the ratio says what the full export costs over a bare table dump.
"""

import argparse
import json
import subprocess
import sys
import time

from common import ROOT, report

CHILD = r"""
import json, sys, time, csv, sqlite3, resource
sys.path.insert(0, sys.argv[1] + "/bench")
from pathlib import Path
from common import setup_django, peak_rss_mb
db, fmt, out = sys.argv[2], sys.argv[3], Path(sys.argv[4])
setup_django(Path(db))
from django.db import connection
start = time.perf_counter()
with connection.cursor() as cur, open(out.with_suffix(".baseline.csv"), "w", newline="") as fh:
    cur.execute("SELECT * FROM incidents_incident")
    w = csv.writer(fh)
    while rows := cur.fetchmany(10000):
        w.writerows(rows)
baseline = time.perf_counter() - start
rss_after_baseline = peak_rss_mb()
from django.contrib.auth import get_user_model
from peaceops.incidents.models import Incident
from peaceops.incidents.formats.exporters import export_incidents
user = get_user_model().objects.get(username="bench-watch")
start = time.perf_counter()
with open(out, "w", encoding="utf-8", newline="") as fh:
    n = export_incidents(Incident.objects.visible_to(user), format=fmt, out=fh)
seconds = time.perf_counter() - start
print(json.dumps({"rows": n, "seconds": seconds, "baseline_seconds": baseline, "peak_rss_mb": peak_rss_mb(),
                  "rss_after_baseline_mb": rss_after_baseline, "bytes": out.stat().st_size}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "import.sqlite3"))
    parser.add_argument("--formats", default="csv,geojson")
    args = parser.parse_args()
    rows = []
    for fmt in args.formats.split(","):
        out = ROOT / "var" / "bench" / f"export.{fmt}"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), args.db, fmt, str(out)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            rows.append((fmt, f"FAILED: {done.stderr[-500:]}"))
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((f"export {fmt}", f"{result['rows']:,} rows in {result['seconds']:.1f} s "
                     f"({result['rows'] / result['seconds']:,.0f} rows/s), {result['bytes'] / 1e6:.0f} MB, "
                     f"peak RSS {result['peak_rss_mb']:.0f} MB (after baseline: {result['rss_after_baseline_mb']:.0f} MB); "
                     f"baseline raw table dump {result['baseline_seconds']:.1f} s, ratio "
                     f"{result['seconds'] / result['baseline_seconds']:.1f}x; wall {time.perf_counter() - start:.0f} s"))
        out.unlink(missing_ok=True)
        out.with_suffix(".baseline.csv").unlink(missing_ok=True)
    report("Export at scale (SQLite)", rows)


if __name__ == "__main__":
    main()

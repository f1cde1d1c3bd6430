"""Benchmark: the full `peaceops forecast evaluate` on the real CAR GED data (1991-2020) at each level.

Each level runs in its own child process (so each peak RSS is that evaluation's alone) exactly as the committed
reports are produced: load the GED file, the rolling-origin evaluation with the last 24 months scored (tuning
included), and the report files (written to a temporary directory). Prints wall time, CPU time and peak RSS per
level, the load average and the machine.

    cd bench && ../.venv/bin/python bench_evaluate.py [--source GED_CSV] [--levels adm1 adm2 priogrid] [--threads 1]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from common import ROOT, machine

FIXTURE = ROOT / "tests" / "fixtures" / "ucdp" / "ged231_car_1991_2020.csv.gz"
BOUNDARY = ROOT / "peaceops" / "demo" / "data" / "boundaries" / "cgaz_CAF_ADM1.geojson"


def child(source: str, level: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
    import django

    django.setup()
    from peaceops.analytics.forecasting import evaluate as evaluation

    started, cpu = time.perf_counter(), time.process_time()
    data = evaluation.load_ged(source, level, BOUNDARY if level == "priogrid" else None)
    result = evaluation.evaluate(data, scored_months=24)
    with tempfile.TemporaryDirectory() as out:
        evaluation.write_report(result, out, os.path.basename(source))
    print(json.dumps({"level": level, "units": len(data.panel.units), "seconds": time.perf_counter() - started,
                      "cpu_seconds": time.process_time() - cpu,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "pooled_ratio": result.target["pooled_ratio_to_better"]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(FIXTURE), help="UCDP GED CSV (default: the CAR fixture, the same rows)")
    parser.add_argument("--levels", nargs="+", default=["adm1", "adm2", "priogrid"])
    parser.add_argument("--threads", type=int, help="OMP_NUM_THREADS for the evaluations (default: unset, all cores)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.source, args.child)
        return
    print(f"machine: {machine()}")
    env = dict(os.environ)
    if args.threads:
        env["OMP_NUM_THREADS"] = str(args.threads)
    print(f"source: {args.source}; OMP_NUM_THREADS={env.get('OMP_NUM_THREADS', 'unset')}")
    for level in args.levels:
        load = os.getloadavg()[0]
        output = subprocess.run([sys.executable, __file__, "--source", args.source, "--child", level],
                                check=True, capture_output=True, text=True, env=env).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(f"forecast evaluate, CAR, {level} ({row['units']} units), 24 months scored: "
              f"{row['seconds']:.1f} s wall, {row['cpu_seconds']:.1f} s CPU, peak RSS {row['peak_rss_mb']:.0f} MB "
              f"(load average at start {load:.1f}; pooled ratio {row['pooled_ratio']:.3f})", flush=True)


if __name__ == "__main__":
    main()

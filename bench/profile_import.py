"""Profile one import of the synthetic CSV, into a fresh SQLite database (or PEACEOPS_BENCH_DATABASE_URL):
where an import's CPU time goes, as CPU seconds per 1,000 rows.

    python bench/profile_import.py [--n 100000] [--bulk] [--top 40] [--cprofile]

By default a sampling profiler on the process's CPU clock (`ITIMER_PROF`, one sample per millisecond of CPU,
the stack recorded between two bytecodes, so time in C code such as SQLite is charged to the Python line that
called it): it costs a few percent, and the machines are shared, where wall time measures the other processes
too. `--cprofile` uses cProfile instead (exact call counts, but its cost per call inflates the functions that
make many small calls by up to 2x; its CPU clock, `time.process_time`, is a system call, so cProfile keeps
the default clock and only the total is taken in CPU time).
"""

import argparse
import collections
import cProfile
import os
import pstats
import signal
import sys
import time
from pathlib import Path

from common import ROOT, peak_rss_mb, report, setup_django

VAR = ROOT / "var" / "bench"


class Sampler:
    """Samples the main thread's stack every `interval` seconds of the process's CPU time."""

    def __init__(self, interval: float = 0.001):
        self.interval = interval
        self.own: collections.Counter = collections.Counter()  # function -> samples at the top of the stack
        self.total: collections.Counter = collections.Counter()  # function -> samples anywhere on the stack
        self.samples = 0

    def _tick(self, signum, frame) -> None:
        self.samples += 1
        seen = set()
        top = True
        while frame is not None:
            code = frame.f_code
            key = f"{Path(code.co_filename).name}:{code.co_firstlineno}({code.co_name})"
            if top:
                self.own[key] += 1
                top = False
            if key not in seen:
                seen.add(key)
                self.total[key] += 1
            frame = frame.f_back

    def __enter__(self) -> "Sampler":
        signal.signal(signal.SIGPROF, self._tick)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def print(self, top: int, per_thousand: float, cpu: float) -> None:
        """The top functions; each sample stands for an equal share of `cpu` (the kernel's timer ticks are
        coarser than the interval asked for, so samples are counted, not timed)."""
        seconds = cpu / max(self.samples, 1)
        for title, counter in (("own CPU (top of the stack)", self.own), ("cumulative CPU", self.total)):
            print(f"\n{title}: samples, CPU s per 1k rows, share")
            for key, n in counter.most_common(top):
                print(f"{n:8d} {n * seconds / per_thousand:8.4f} {100 * n / max(self.samples, 1):5.1f}%  {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--db", default=str(VAR / "profile.sqlite3"))
    parser.add_argument("--bulk", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--out", default="", help="with --cprofile: write the stats here")
    args = parser.parse_args()

    setup_django(Path(args.db), fresh=True)
    from bench_world import make_world
    from synthetic import write_csv

    from peaceops.incidents.importing import import_incidents

    world = make_world()
    VAR.mkdir(parents=True, exist_ok=True)
    csv_path = VAR / f"synthetic_{args.n}.csv"
    if not csv_path.exists():
        write_csv(csv_path, args.n)
    profiler = cProfile.Profile() if args.cprofile else Sampler()
    cpu, wall = time.process_time(), time.perf_counter()
    if args.cprofile:
        profiler.enable()
    else:
        profiler.__enter__()
    try:
        result = import_incidents(csv_path, format="csv", mission=world.mission, acting_user=None,
                                  owner=world.owner, progress=False, batch_size=2000, bulk=args.bulk)
    finally:
        if args.cprofile:
            profiler.disable()
        else:
            profiler.__exit__(*sys.exc_info())
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    thousands = max(result.read, 1) / 1000
    if args.cprofile:
        if args.out:
            profiler.dump_stats(args.out)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    else:
        profiler.print(args.top, thousands, cpu)
    report("Import profile", [
        ("rows", f"{result.read:,} read, {result.created:,} created, {result.rejected} rejected"),
        ("profiled import", f"{cpu:.1f} CPU s ({cpu / thousands:.3f} CPU s per 1k rows, {result.created / cpu:,.0f} "
                            f"incidents per CPU s), {wall:.1f} s wall ({result.created / wall:,.0f}/s)"),
        ("peak RSS", f"{peak_rss_mb():.0f} MB"),
        ("load average", ", ".join(f"{x:.1f}" for x in os.getloadavg())),
    ])


if __name__ == "__main__":
    main()

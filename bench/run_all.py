"""Run the benchmarks one after the other, each in its own process with its default figures, and say which
failed: `python bench/run_all.py [NAME ...]` (names as in `bench_<name>.py`; none: all). Each benchmark prints
its own figures and the machine; copy them into docs/benchmarks.md. Some take many minutes (the forecasts, the
10M-position and 100,000-alert ones): name the ones you need."""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        wanted = {f"bench_{n.removeprefix('bench_').removesuffix('.py')}.py" for n in names}
        unknown = wanted - {s.name for s in scripts}
        if unknown:
            print("no such benchmark:", ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
        scripts = [s for s in scripts if s.name in wanted]
    failed = []
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        started = time.monotonic()
        if subprocess.call([sys.executable, str(script)]) != 0:
            failed.append(script.name)
        print(f"=== {script.name}: {time.monotonic() - started:.0f} s", flush=True)
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

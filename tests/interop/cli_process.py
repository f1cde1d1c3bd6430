"""Running `peaceops import-incidents` as an operator does, in a process of its own, and measuring it.

Hostile files are imported by a separate `manage.py import_incidents` process on a small SQLite database of
its own (one mission "HOST" and its organisation "HOST", a system import): its peak resident memory and its
time are measured, and an address-space limit keeps a runaway import (as the importer was before it bounded
its memory) from taking the machine down with it: it fails the test instead.
"""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The address space the import process may take (a Django process maps far more than it touches).
ADDRESS_SPACE = 6 * 1024**3

_RUN = """
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.argv = ["manage.py", *sys.argv[1:]]
try:
    runpy.run_path("manage.py", run_name="__main__")
finally:
    sys.stderr.write("\\nPEAK_RSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_SETUP = """
from peaceops.core.choices import OrganisationType
from peaceops.core.models import Mission, Organisation
from peaceops.incidents.taxonomy import install_default_taxonomy
mission = Mission.objects.create(code="HOST", name="Hostile files")
install_default_taxonomy(mission)
Organisation.objects.create(code="HOST", name="Importers", type=OrganisationType.UN_COMPONENT)
"""


@dataclass
class Run:
    """What one import process did."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    seconds: float


def _environment(var_dir: Path, **settings) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PEACEOPS_DATABASE_URL"}
    env.update(PEACEOPS_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="peaceops.settings")
    env.update({k: str(v) for k, v in settings.items()})
    return env


def migrated_database(where: Path) -> Path:
    """A var directory holding a migrated SQLite database with the mission HOST and organisation HOST."""
    env = _environment(where)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "shell", "-c", _SETUP], cwd=ROOT, env=env, check=True)
    return where


def import_file(template: Path, work: Path, path: Path, *args: str, **settings) -> Run:
    """Import `path` with `args` (e.g. "--format", "csv") into a copy of the `template` database."""
    var_dir = work / "var"
    shutil.copytree(template, var_dir)
    command = [sys.executable, "-c", _RUN.format(limit=ADDRESS_SPACE), "import_incidents", str(path),
               "--owner", "HOST", "--mission", "HOST", "--no-progress", *args]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=_environment(var_dir, **settings), capture_output=True,
                          text=True, timeout=900)
    seconds = time.monotonic() - started
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB=")]
    return Run(done.returncode, done.stdout, done.stderr, int(peak[-1].split("=")[1]) / 1024 if peak else -1,
               seconds)

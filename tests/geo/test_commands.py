"""The operator commands: load-boundaries and load-gazetteer print a one-line summary, and refuse bad input
with a clear message (a CommandError, never a traceback)."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peaceops.core.models import ChangeLogEntry
from peaceops.geo.models import AdminArea
from peaceops.testing.sweeps import own_database

from .conftest import FIXTURES, KOSOVO_NAMES, boundary_file

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def test_load_boundaries_prints_summary_and_logs_the_user(mission, people):
    args = ("load_boundaries", str(boundary_file("XKX", 2)), "--mission", "UNMIK", "--level", "2",
            "--names", str(KOSOVO_NAMES), "--user", "admin", "--no-progress")
    assert run(*args).strip() == "UNMIK level 2: 38 created, 0 updated, 0 unchanged, 0 repaired, 0 skipped"
    assert AdminArea.objects.get(name="Municipality of Peja").names["sr"] == "Peć"
    entries = ChangeLogEntry.objects.filter(object_type="geo.adminarea")
    assert entries.count() == 38 and set(entries.values_list("actor__username", flat=True)) == {"admin"}
    assert "38 unchanged" in run(*args)


def test_load_boundaries_reports_repairs_and_skips(mission):
    out = run("load_boundaries", str(FIXTURES / "bowtie.geojson"), "--mission", "UNMIK", "--level", "1",
              "--no-progress")
    assert "3 created" in out and "2 repaired" in out and "1 skipped" in out


@pytest.mark.parametrize("args, message", [
    (["--mission", "NOPE", "--level", "1"], "--mission: no mission with code 'NOPE'"),
    (["--mission", "UNMIK", "--level", "1", "--user", "ghost"], "--user: no user named 'ghost'"),
    (["--mission", "UNMIK", "--level", "1", "--names", "/nonexistent/names.json"], "--names: /nonexistent"),
])
def test_load_boundaries_bad_options(mission, args, message):
    with pytest.raises(CommandError, match=message):
        run("load_boundaries", str(boundary_file("XKX", 1)), *args, "--no-progress")
    assert not AdminArea.objects.exists()


def test_load_boundaries_bad_files(mission, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("load_boundaries", str(tmp_path / "missing.geojson"), "--mission", "UNMIK", "--level", "1")
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.geojson: not valid JSON \(line 1"):
        run("load_boundaries", str(broken), "--mission", "UNMIK", "--level", "1")


def test_load_gazetteer_prints_summary(db):
    dump = FIXTURES / "geonames_XK_sample.txt"
    rows = sum(1 for line in dump.read_text(encoding="utf-8").splitlines() if line.strip())
    assert run("load_gazetteer", str(dump), "--no-progress").strip() == (
        f"gazetteer: {rows} created, 0 updated, 0 unchanged, 0 rejected")
    assert run("load_gazetteer", str(dump), "--no-progress").strip() == (
        f"gazetteer: 0 created, 0 updated, {rows} unchanged, 0 rejected")


def test_load_gazetteer_bad_file(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello world\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a GeoNames file"):
        run("load_gazetteer", str(path))


@pytest.mark.slow
@own_database()
def test_peaceops_cli_end_to_end(tmp_path):
    """`peaceops load-boundaries` as an operator types it, on a fresh embedded database."""
    env = {k: v for k, v in os.environ.items() if k != "PEACEOPS_DATABASE_URL"}
    env["PEACEOPS_VAR_DIR"] = str(tmp_path)
    peaceops = shutil.which("peaceops", path=str(Path(sys.executable).parent)) or str(ROOT / ".venv/bin/peaceops")

    def cli(*args):
        return subprocess.run([peaceops, *args], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)

    assert cli("migrate", "-v", "0").returncode == 0
    missing = cli("load-boundaries", str(boundary_file("XKX", 1)), "--mission", "UNMIK", "--level", "1")
    assert missing.returncode == 1 and "no mission with code 'UNMIK'" in missing.stderr
    assert "Traceback" not in missing.stderr
    cli("shell", "-c", "from peaceops.core.models import Mission; Mission.objects.create(code='UNMIK', name='UNMIK')")
    done = cli("load-boundaries", str(boundary_file("XKX", 1)), "--mission", "UNMIK", "--level", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "UNMIK level 1: 7 created, 0 updated, 0 unchanged, 0 repaired, 0 skipped"

"""`make demo`: the port it serves on can be chosen, and installing the project raises no licence warning."""

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(*args: str) -> str:
    """The commands `make demo` would run (make -n runs nothing)."""
    if shutil.which("make") is None:
        pytest.skip("no make")
    result = subprocess.run(["make", "-n", "-W", "pyproject.toml", "demo", *args], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return result.stdout


def test_make_demo_serves_on_port_8000_unless_told_otherwise():
    assert "peaceops demo --addr 127.0.0.1:8000" in _dry_run()
    assert "peaceops demo --addr 127.0.0.1:8123" in _dry_run("PORT=8123")


def test_the_licence_is_an_spdx_expression_that_setuptools_reads_without_a_warning():
    """A `license = {text = ...}` table made setuptools (>= 77) print a screenful of deprecation warning at each
    install; an SPDX string needs setuptools 77 or later in the build requirements."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "AGPL-3.0-or-later"
    assert "setuptools>=77" in project["build-system"]["requires"]

"""The layers (docs/developers/architecture.md) hold: `lint-imports`, which `make test` runs first, keeps the
contracts of pyproject.toml on the code as it is, and refuses a copy of it in which core imports a domain app
or two modules import each other."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is a test dependency")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run `lint-imports` as `make test` does, in `root` (a checkout: pyproject.toml and peaceops/)."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=300)


def checkout_copy(tmp_path: Path) -> Path:
    """The Python files of the package and the contracts, copied to `tmp_path`."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "peaceops", tmp_path / "peaceops",
                    ignore=lambda folder, names: [n for n in names if not n.endswith(".py")
                                                  and not (Path(folder) / n).is_dir()])
    return tmp_path


def test_the_code_keeps_the_layers():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_core_importing_a_domain_app_breaks_the_layers(tmp_path):
    root = checkout_copy(tmp_path)
    with open(root / "peaceops" / "core" / "services.py", "a") as module:
        module.write("\nfrom peaceops.incidents.taxonomy import install_default_taxonomy  # noqa\n")
    run = lint_imports(root)
    assert run.returncode == 1
    assert "peaceops.core is not allowed to import peaceops.incidents" in run.stdout
    assert "peaceops.core.services -> peaceops.incidents.taxonomy" in run.stdout


def test_a_domain_app_importing_pages_or_the_api_breaks_the_layers(tmp_path):
    root = checkout_copy(tmp_path)
    with open(root / "peaceops" / "incidents" / "services.py", "a") as module:
        module.write("\nfrom peaceops.web import context_processors  # noqa\n"
                     "from peaceops.api import auth  # noqa\n")
    run = lint_imports(root)
    assert run.returncode == 1
    assert "peaceops.incidents is not allowed to import peaceops.web" in run.stdout
    assert "peaceops.incidents is not allowed to import peaceops.api" in run.stdout


def test_an_import_circle_breaks_the_contracts(tmp_path):
    root = checkout_copy(tmp_path)
    with open(root / "peaceops" / "analytics" / "forecasting" / "model_name.py", "a") as module:
        module.write("\nfrom . import evaluate  # noqa\n")  # evaluate imports model_name
    run = lint_imports(root)
    assert run.returncode == 1
    assert "No cycles are allowed in peaceops.analytics.forecasting" in run.stdout

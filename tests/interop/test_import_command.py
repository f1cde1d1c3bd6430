"""The `import-incidents` command end to end: summary, rejects file, strict mode and clear errors."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from peaceops.incidents.models import Incident
from tests.factories import MissionFactory

from .conftest import CAR_GED, FIXTURES
from .test_import_ucdp import source_events

GED_BROKEN = FIXTURES / "import" / "ged_car_broken.csv"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_incidents", *[str(a) for a in args], "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_imports_and_prints_a_summary(minusca, analyst, tmp_path):
    good, repaired = source_events(CAR_GED)  # UCDP's out-of-order estimates are repaired, not rejected
    rejects = tmp_path / "rejects.csv"
    output = run(CAR_GED, "--format", "ucdp-ged", "--user", "jmac", "--mission", "MINUSCA", "--rejects", rejects)
    total = len(good) + len(repaired)
    assert (f"Read {total} rows: {total} created, 0 updated, 0 unchanged, 0 rejected "
            f"({len(repaired)} with repaired values)") in output
    assert f"line {repaired[0]['_line']}: Fatalities: the file gave low {repaired[0]['low']}" in output
    assert "Rejected rows written" not in output
    with rejects.open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == []
    assert Incident.objects.filter(mission=minusca).count() == total
    again = run(CAR_GED, "--format", "ucdp-ged", "--user", "jmac")  # the only mission: no --mission needed
    assert f"0 created, 0 updated, {total} unchanged" in again


@pytest.mark.django_db
def test_bulk_command_loads_the_same_incidents(minusca, analyst):
    good, repaired = source_events(CAR_GED)
    output = run(CAR_GED, "--format", "ucdp-ged", "--user", "jmac", "--bulk")
    assert f"{len(good) + len(repaired)} created" in output
    assert Incident.objects.filter(mission=minusca).count() == len(good) + len(repaired)


@pytest.mark.django_db
def test_system_import_with_owner(minusca, minusca_org):
    output = run(GED_BROKEN, "--format", "ucdp-ged", "--owner", "MINUSCA")
    assert "Read 13 rows: 9 created, 0 updated, 0 unchanged, 4 rejected (1 with repaired values)" in output  # SOURCE.md
    assert set(Incident.objects.values_list("owner__code", flat=True)) == {"MINUSCA"}


@pytest.mark.django_db
def test_strict_command_fails_and_writes_nothing(minusca, analyst):
    with pytest.raises(CommandError, match="--strict: 4 row"):
        run(GED_BROKEN, "--format", "ucdp-ged", "--user", "jmac", "--strict")
    assert Incident.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx", "--user", "jmac"], "--format: 'xlsx' is not one of"),
    (["--format", "ucdp-ged"], "give --user (the acting user) or --owner for a system import"),
    (["--format", "ucdp-ged", "--user", "nobody"], "--user: no user named 'nobody'"),
    (["--format", "ucdp-ged", "--owner", "NOPE"], "--owner: no organisation 'NOPE'"),
    (["--format", "ucdp-ged", "--user", "jmac", "--mission", "UNMISS"], "--mission: no mission 'UNMISS'"),
])
def test_command_errors_are_clear(minusca, analyst, args, message):
    with pytest.raises(CommandError) as caught:
        run(CAR_GED, *args)
    assert message in str(caught.value)


@pytest.mark.django_db
def test_missing_file_and_several_missions(minusca, analyst, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.csv", "--format", "csv", "--user", "jmac")
    MissionFactory(code="UNMIK")
    with pytest.raises(CommandError, match="give --mission CODE"):
        run(CAR_GED, "--format", "ucdp-ged", "--user", "jmac")


@pytest.mark.django_db
def test_a_user_without_a_reporting_role_is_refused(minusca, minusca_org):
    from peaceops.core.choices import Role
    from tests.factories import member

    member(minusca, minusca_org, Role.VIEWER, username="reader")
    with pytest.raises(CommandError, match="may not report"):
        run(GED_BROKEN, "--format", "ucdp-ged", "--user", "reader")

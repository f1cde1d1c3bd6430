"""A real UCDP GED event whose estimates are out of order (UCDP's own data: low 3, best 3, high 2) is kept:
the interval is widened to contain the best estimate, and the repair is said in the import's output and on the
incident's page (issue 12, defect 11a)."""

import csv
import gzip
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from peaceops.incidents.models import Incident

from .conftest import CAR_GED

#: UCDP GED 23.1 event 162775 (Central African Republic): low 3, best 3, high 2 in UCDP's own file.
EVENT = "162775"


def real_rows(path, *ids: str) -> tuple[list[str], list[dict]]:
    """The header and the rows of `ids`, as they are in the file (nothing altered)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), [row for row in reader if row["id"] in ids]


def write(path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_incidents", *[str(a) for a in args], "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_event_with_high_below_best_is_kept_repaired_and_reported(minusca, analyst, tmp_path, client):
    header, [row] = real_rows(CAR_GED, EVENT)
    assert (row["low"], row["best"], row["high"]) == ("3", "3", "2")  # the defect, as UCDP published it
    path = tmp_path / "ged_one_event.csv"
    write(path, header, [row])

    output = run(path, "--format", "ucdp-ged", "--user", "jmac", "--mission", "MINUSCA")

    assert "Read 1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected (1 with repaired values)" in output
    assert ("line 2: Fatalities: the file gave low 3, best 3, high 2; high 2 raised to 3 so that the range "
            "contains the best estimate.") in output
    incident = Incident.objects.get(mission=minusca, ucdp_id=EVENT)
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (3, 3, 3)
    assert "high 2 raised to 3" in incident.data_repairs
    assert "raised" not in incident.description  # the description stays the source's own text

    client.force_login(analyst, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Repaired on import" in page and "high 2 raised to 3" in page

    again = run(path, "--format", "ucdp-ged", "--user", "jmac", "--mission", "MINUSCA")
    assert "0 created, 0 updated, 1 unchanged, 0 rejected" in again  # idempotent, repair included


@pytest.mark.django_db
def test_low_above_best_is_lowered_and_ordered_events_carry_no_repair(minusca, analyst, tmp_path):
    header, rows = real_rows(CAR_GED, "256001", "256002", "22782")  # 7/6/7, 7/6/7 and an ordered event
    estimates = {r["id"]: (r["low"], r["best"], r["high"]) for r in rows}
    assert estimates["256001"] == estimates["256002"] == ("7", "6", "7")
    write(tmp_path / "ged.csv", header, rows)

    output = run(tmp_path / "ged.csv", "--format", "ucdp-ged", "--user", "jmac")

    assert "3 created" in output and "(2 with repaired values)" in output
    assert output.count("low 7 lowered to 6") == 2
    repaired = Incident.objects.get(ucdp_id="256001")
    assert (repaired.fatalities_low, repaired.fatalities_best, repaired.fatalities_high) == (6, 6, 7)
    assert Incident.objects.get(ucdp_id="22782").data_repairs is None

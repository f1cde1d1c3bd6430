"""The UN's table of SEA allegations as the import and export format `un-sea-allegations` of conduct cases,
driven as a conduct officer drives it (`peaceops import-records` / `export-records`): the real 2015-2022 table
imported gives the counts per mission, year, personnel type and result that a parse of the file here (csv and
regular expressions, not the format's code) gives; its export is the table again, cell for cell; importing again
changes nothing; broken rows are rejected with their line and the good ones kept; cases stay need-to-know (no one
else exports them, a row of a case the importer is not assigned to is refused, a mission administrator cannot
import); and the export names no one."""

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from peaceops.conduct.choices import ABUSE, EXPLOITATION
from peaceops.conduct.identities import add_person
from peaceops.conduct.models import Case, CaseAllegation, VictimGroup
from peaceops.core import assignments
from peaceops.core.models import ChangeLogEntry, RecordAssignment

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"
TABLE = FIXTURES / "un_sea_allegations" / "allegations_reported_2015_2022.csv"
SUBSET = Path(__file__).parents[2] / "peaceops/demo/data/un_sea_allegations/allegations_2015_2022_subset.csv"
FORMAT = "un-sea-allegations"
NOT_ASSIGNED = "source_id: a case with this source id exists that you are not assigned to"

# --- the file, read here: csv and regular expressions --------------------------------------------------------
#: The table's personnel types (the first line of a cell) and the categories they are.
PERSONNEL = {
    "Military (MC)": "military_contingent",
    "Military (MO)": "military_observer",
    "Military (Staff Officer)": "staff_officer",
    "Police (FPU)": "formed_police",
    "Police (UNPOL)": "individual_police",
    "Police (GPP)": "government_provided",
    "Civilian (INT)": "civilian_international",
    "Civilian (NS)": "civilian_national",
    "Civilian (UNV)": "un_volunteer",
    "Civilian (Contractor)": "contractor",
    "Civilian (Vendor Employee)": "contractor",
}
#: A case's outcome: the first of these its results name.
RESULTS = [
    ("Substantiated", "substantiated"),
    ("Pending", "pending"),
    ("Unsubstantiated", "unsubstantiated"),
    ("Incomplete", "insufficient_information"),
    ("N/A", "not_applicable"),
]


def table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def rows_of(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def personnel_of(cell: str) -> str:
    found = re.match(r"(\w+) \(([^)]*?)\s*\)", cell)
    return PERSONNEL[f"{found[1]} ({found[2]})"]


def outcome_of(cell: str) -> str:
    words = set(re.findall(r"^(Substantiated|Unsubstantiated|Pending|Incomplete|N/A) ", cell, re.M))
    return next(outcome for word, outcome in RESULTS if word in words)


def expected(path: Path) -> dict:
    rows = rows_of(path)
    victims = Counter()
    for row in rows:
        for group, count in re.findall(r"(Child|Adult|Unknown) \((\d+)\)", row["Victim"]):
            victims[group.lower()] += int(count)
    return {
        "un_mission": Counter(row["Mission"] for row in rows),
        "year": Counter(int(re.fullmatch(r"\d{1,2}/(\d{4})", row["Date"])[1]) for row in rows),
        "personnel_category": Counter(personnel_of(row["Personnel Type"]) for row in rows),
        "outcome": Counter(outcome_of(row["Result"]) for row in rows),
        "victims": victims,
        "allegations": Counter(line[:2] for row in rows for line in row["Allegation"].split("\n\n")),
    }


# --- what the user gets --------------------------------------------------------------------------------------
def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def import_table(path: Path, username: str, *more) -> str:
    return run(
        "import_records",
        "conduct.case",
        str(path),
        "--format",
        FORMAT,
        "--mission",
        "UNMIK",
        "--user",
        username,
        *more,
    )


def export_table(username: str, path: Path) -> list[list[str]]:
    run(
        "export_records",
        "conduct.case",
        "--user",
        username,
        "--mission",
        "UNMIK",
        "--format",
        FORMAT,
        "--output",
        str(path),
    )
    return table(path)


def counted(cases, field) -> Counter:
    rows = cases.values(field).annotate(n=Count("pk")).order_by()
    return Counter({row[field]: row["n"] for row in rows})


def test_the_real_table_gives_the_files_counts_and_is_exported_cell_for_cell_and_imported_once(
    conduct_people, tmp_path
):
    """One test for the three passes over the whole table (an import of 592 cases takes a while)."""
    cdo = conduct_people["cdo"]
    assert "Read 592 rows: 592 created, 0 updated, 0 unchanged, 0 rejected in" in import_table(TABLE, "cdo")
    want, mine = expected(TABLE), Case.objects.visible_to(cdo).filter(mission__code="UNMIK")
    assert counted(mine, "un_mission") == want["un_mission"]
    assert counted(mine.annotate(year=ExtractYear("reported_on")), "year") == want["year"]
    assert counted(mine, "personnel_category") == want["personnel_category"]
    assert counted(mine, "outcome") == want["outcome"]
    assert (len(want["un_mission"]), want["un_mission"]["MINUSCA"], want["year"][2017]) == (24, 247, 63)
    assert want["outcome"] == {
        "substantiated": 245,
        "unsubstantiated": 196,
        "pending": 138,
        "not_applicable": 12,
        "insufficient_information": 1,
    }
    groups = VictimGroup.objects.filter(case__in=mine).values("age_group").annotate(n=Sum("count")).order_by()
    assert {row["age_group"]: row["n"] for row in groups} == want["victims"]
    kinds = counted(CaseAllegation.objects.filter(case__in=mine), "kind")
    assert sum(n for kind, n in kinds.items() if kind in EXPLOITATION) == want["allegations"]["SE"]
    assert sum(n for kind, n in kinds.items() if kind in ABUSE) == want["allegations"]["SA"]
    assert set(mine.values_list("intake_channel", flat=True)) == {"un_table"}
    assert RecordAssignment.objects.filter(user=cdo, record_type="conduct.case").count() == 592
    assert mine.filter(reference="UNMIK-CDT-2015-0001").exists()

    exported = export_table("cdo", tmp_path / "export.csv")
    original = table(TABLE)
    assert len(exported) == len(original) == 593
    assert exported == original  # every cell of every row, in the table's order; nothing normalised
    assert (tmp_path / "export.csv").read_bytes() == TABLE.read_bytes()  # and the file byte for byte

    entries = (
        ChangeLogEntry.objects.count()
    )  # the export imported (the table itself, as above) changes nothing
    assert "Read 592 rows: 0 created, 0 updated, 592 unchanged, 0 rejected" in import_table(
        tmp_path / "export.csv", "cdo"
    )
    assert (ChangeLogEntry.objects.count(), Case._base_manager.count()) == (entries, 592)


def test_importing_again_changes_nothing(conduct_people):
    import_table(SUBSET, "cdo")
    entries = ChangeLogEntry.objects.count()
    assert "Read 40 rows: 0 created, 0 updated, 40 unchanged, 0 rejected" in import_table(SUBSET, "cdo")
    assert (ChangeLogEntry.objects.count(), Case._base_manager.count()) == (entries, 40)


def test_a_later_edition_of_the_table_updates_the_case_and_keeps_what_staff_wrote(conduct_people, tmp_path):
    cdo = conduct_people["cdo"]
    import_table(SUBSET, "cdo")
    rows = table(SUBSET)
    line = next(i for i, row in enumerate(rows) if row[11].startswith("Pending (additional information"))
    case = Case.objects.visible_to(cdo).get(
        personnel_published=rows[line][3],
        reported_on__year=int(rows[line][0][-4:]),
        investigator_published=rows[line][10],
        results__detail__startswith="additional",
    )
    assert (case.outcome, case.status) == ("pending", "investigation")
    Case.objects.filter(pk=case.pk).update(summary="Two subjects; the victim moved to Bangui")
    rows[line][11], rows[line][13] = "Substantiated (Transactional sex) (1)", "NG Jail (1)"
    later = tmp_path / "later.csv"
    with later.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    assert "Read 40 rows: 0 created, 1 updated, 39 unchanged, 0 rejected" in import_table(later, "cdo")
    case.refresh_from_db()
    assert (case.outcome, case.status, case.summary) == (
        "substantiated",
        "closed",
        "Two subjects; the victim moved to Bangui",
    )
    assert [(a.stage, a.taken_by, a.label) for a in case.actions.filter(stage="final")] == [
        ("final", "NG", "Jail")
    ]


def broken_file(path: Path) -> list[int]:
    """A table of two good rows (the first over several lines) and broken ones; the broken rows' lines."""
    good = table(SUBSET)[:3]
    assert "\n" in "".join(good[1])  # a row over several lines before the broken ones
    civilian = [*good[2][:3], "Civilian (INT),1", "Ghana", *good[2][5:]]
    broken = [
        ["13/2022", *good[2][1:]],
        [*good[2][:11], "Closed (1)", *good[2][12:]],
        [*good[2][:5], "Child (two)", *good[2][6:]],
        ["12/2022", "MINUSCA", "Unknown"],
        [*good[2][:9], "Maybe", *good[2][10:]],
        civilian,
        [good[2][0], "", *good[2][2:]],
    ]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    lines, at = [], 1
    for i, row in enumerate([*good, *broken]):
        before = text.tell()
        writer.writerow(row)
        if i > 2:
            lines.append(at)
        at += text.getvalue()[before:].count("\n")
    path.write_text(text.getvalue(), encoding="utf-8")
    return lines


def test_broken_rows_are_rejected_with_their_line_and_reason_and_the_good_kept(conduct_people, tmp_path):
    lines = broken_file(tmp_path / "broken.csv")
    out = import_table(tmp_path / "broken.csv", "cdo", "--rejects", str(tmp_path / "rejects.csv"))
    assert "Read 9 rows: 2 created, 0 updated, 0 unchanged, 7 rejected" in out
    reasons = [
        "Date: not a month and year ('13/2022'; e.g. 12/2022)",
        "Result: not a result of the table ('Closed (1)'; Substantiated, Unsubstantiated, Pending, Incomplete, N/A)",
        "Victim: not Child, Adult or Unknown with a number ('Child (two)'; e.g. Adult (2))",
        "row: has 3 cells, the table 15",
        "NIO appointed: not one of 'Yes', 'No (no response)', 'No (declined)' ('Maybe')",
        "nationality: is published for uniformed personnel only",
        "Mission: is empty",
    ]
    for line, reason in zip(lines, reasons, strict=True):
        assert f"  line {line}: {reason}\n" in out
    rejects = table(tmp_path / "rejects.csv")
    assert rejects[0][:3] == ["line", "reason", "Date"]
    assert [(int(row[0]), row[1]) for row in rejects[1:]] == list(zip(lines, reasons, strict=True))
    assert Case.objects.visible_to(conduct_people["cdo"]).count() == 2


def test_a_row_of_a_case_the_importer_is_not_assigned_to_is_refused(conduct_people):
    import_table(SUBSET, "cdo")
    out = import_table(SUBSET, "cdo2")
    assert "Read 40 rows: 0 created, 0 updated, 0 unchanged, 40 rejected" in out
    assert out.count(NOT_ASSIGNED) == 20  # the command shows the first 20
    one = Case.objects.visible_to(conduct_people["cdo"]).order_by("reference").first()
    assignments.assign(
        one, user=conduct_people["cdo2"], acting_user=conduct_people["cdo"], reason="investigates"
    )
    assert "0 created, 0 updated, 1 unchanged, 39 rejected" in import_table(SUBSET, "cdo2")
    assert Case._base_manager.count() == 40
    assert list(Case.objects.visible_to(conduct_people["cdo2"])) == [one]


def test_who_is_not_assigned_exports_nothing_of_them(conduct_people, tmp_path):
    import_table(SUBSET, "cdo")
    get_user_model().objects.create_superuser("root", password="x")
    header = table(SUBSET)[0]
    for username in ("cdo2", "admin", "viewer", "kfor", "root"):
        assert export_table(username, tmp_path / f"{username}.csv") == [header], username
    assert len(export_table("cdo", tmp_path / "cdo.csv")) == 41


def test_a_mission_administrator_cannot_import_cases(conduct_people):
    with pytest.raises(CommandError, match=r"lacks conduct\.case\.add"):
        import_table(SUBSET, "admin")
    assert not Case._base_manager.exists()


def test_cases_have_no_generic_csv_and_a_file_of_another_table_is_refused_whole(conduct_people, tmp_path):
    with pytest.raises(CommandError, match="--format: one of un-sea-allegations$"):
        run(
            "import_records",
            "conduct.case",
            str(SUBSET),
            "--format",
            "csv",
            "--mission",
            "UNMIK",
            "--user",
            "cdo",
        )
    with pytest.raises(
        CommandError, match="'csv' cannot be written for conduct.case: one of un-sea-allegations"
    ):
        run("export_records", "conduct.case", "--user", "cdo", "--mission", "UNMIK")
    other = FIXTURES / "un_contributions" / "rank_uniformed_personnel_snapshot_2021-01-31.csv"
    with pytest.raises(CommandError, match="not the UN's table of allegations .no column 'Date'"):
        import_table(other, "cdo")


def test_the_export_names_no_one_and_writes_a_recorded_case_from_its_fields(
    conduct_people, case_of, tmp_path
):
    cdo = conduct_people["cdo"]
    case = case_of(
        cdo,
        incident_from="2026-10-04",
        incident_from_precision="day",
        incident_to="2026-10-04",
        incident_to_precision="day",
        nationality_name="",
    )
    add_person(
        case,
        acting_user=cdo,
        role="victim",
        age_group="adult",
        reason="intake",
        name="Amina Kouyaté",
        contact="+383 44 123 456",
    )
    written = export_table("cdo", tmp_path / "export.csv")
    assert written[1] == [
        "11/2026",
        "UNMIK",
        "October / 2026",
        "Military (MC),1",
        "Poland",
        "Adult (1)",
        "SE (Transactional sex)",
        "No",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    text = (tmp_path / "export.csv").read_text(encoding="utf-8")
    assert "Amina" not in text and "123 456" not in text

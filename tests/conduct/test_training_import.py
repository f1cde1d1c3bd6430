"""Training lists imported as an operator runs them (`peaceops import-records conduct.trainingcompletion FILE
--format training-counts|training-roster`): per-unit counts kept as given, per-person rosters counted into one
record per unit, course and date, with each person once; the people's names and service numbers are nowhere
in the database (every table read back), the change log or the rejects file; broken rows are rejected with
their line; importing again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from peaceops.conduct.models import TrainingCompletion
from peaceops.conduct.services import TrainingCompletionService
from peaceops.core.models import ChangeLogEntry
from peaceops.force.services import ContingentService, UnitService
from peaceops.interop.records import FormatError, import_records

pytestmark = pytest.mark.django_db

NAMES = ["Jan Kowalski", "Anna Nowak", "Piotr Wiśniewski", "Olena Shevchenko", "Taras Bondarenko"]
NUMBERS = ["PL-778812", "PL-778813", "UA-552190"]


@pytest.fixture
def units(mission, conduct_people):
    admin = conduct_people["admin"]
    ContingentService().create(
        acting_user=admin,
        mission=mission,
        data={
            "name": "Polish contingent",
            "country": "POL",
            "kind": "military",
            "source_id": "POL-MIL",
            "classification": "PUBLIC",
        },
    )
    strengths = [
        {
            "as_of": "2026-09-01",
            "rank_category": "officer",
            "gender": "male",
            "authorised": 60,
            "deployed": 50,
        },
        {
            "as_of": "2026-09-01",
            "rank_category": "other",
            "gender": "female",
            "authorised": 40,
            "deployed": 30,
        },
    ]
    return {
        "bat": UnitService().create(
            acting_user=admin,
            mission=mission,
            data={
                "contingent": "POL-MIL",
                "name": "POLUKRBAT",
                "source_id": "UNIT-1",
                "strengths": strengths,
                "classification": "PUBLIC",
            },
        ),
        "mp": UnitService().create(
            acting_user=admin,
            mission=mission,
            data={"contingent": "POL-MIL", "name": "Military Police Platoon", "classification": "PUBLIC"},
        ),
    }


def run(path, fmt, rejects=None):
    out = io.StringIO()
    call_command(
        "import_records",
        "conduct.trainingcompletion",
        str(path),
        "--format",
        fmt,
        "--mission",
        "UNMIK",
        "--user",
        "cdo",
        *(["--rejects", str(rejects)] if rejects else []),
        stdout=out,
    )
    return out.getvalue()


def records() -> dict:
    return {
        (r.unit.name, r.course, r.as_of.isoformat()): (r.trained, r.strength)
        for r in TrainingCompletion.objects.select_related("unit")
    }


def every_stored_text() -> str:
    """Every row of every table, as text: what the database holds."""
    with connection.cursor() as cursor:
        texts = []
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - the database's own table names
            texts.append(repr(cursor.fetchall()))
    return "\n".join(texts)


def test_per_unit_counts_are_kept_and_broken_rows_rejected_with_their_line(units, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(
        "unit,course,as_of,trained,strength\n"
        "UNIT-1,induction,2026-10-31,410,450\n"
        "Military Police Platoon,SEA prevention refresher,2026-10-31,28,30\n"
        "UNIT-1,yoga,2026-10-31,1,2\n"
        "UNIT-1,induction,31/10/2026,1,2\n"
        "UNIT-1,refresher,2026-10-31,500,450\n"
        "Nowhere battalion,induction,2026-10-31,1,2\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    said = run(path, "training-counts", rejects)
    assert "2 created" in said and "4 rejected" in said
    assert records() == {
        ("POLUKRBAT", "induction", "2026-10-31"): (410, 450),
        ("Military Police Platoon", "refresher", "2026-10-31"): (28, 30),
    }
    lines = {line.split(",")[0]: line for line in rejects.read_text().splitlines()[1:]}
    assert set(lines) == {"4", "5", "6", "7"}
    assert (
        "course" in lines["4"] and "as_of" in lines["5"] and "trained" in lines["6"] and "unit" in lines["7"]
    )
    again = run(path, "training-counts")
    assert "0 created, 0 updated, 2 unchanged" in again


def test_a_roster_is_counted_per_unit_and_course_and_no_name_is_kept(units, tmp_path):
    rows = ["unit,course,completed_on,name,service_number"]
    for i, name in enumerate(NAMES):  # POLUKRBAT induction: five people, the first listed twice
        rows.append(f"UNIT-1,induction,2026-10-{10 + i},{name},")
    rows.append(f"UNIT-1,induction,2026-10-20,{NAMES[0].upper()},")  # the same person again (another case)
    for number in NUMBERS:  # the platoon's refresher: three service numbers, one with a name
        rows.append(
            f"Military Police Platoon,refresher,2026-11-02,{'Maria Zielińska' if number == NUMBERS[0] else ''},"
            f"{number}"
        )
    rows.append("UNIT-1,induction,2026-10-21,,")  # nobody named: rejected
    rows.append("UNIT-1,induction,not a date,Ivan Horbenko,")  # rejected; the name not written anywhere
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    said = run(path, "training-roster", rejects)
    assert "2 created" in said and "2 rejected" in said, said
    assert records() == {
        ("POLUKRBAT", "induction", "2026-10-20"): (5, 80),  # strength: 50 + 30 deployed
        ("Military Police Platoon", "refresher", "2026-11-02"): (3, 0),
    }
    assert [line.split(",")[0] for line in rejects.read_text().splitlines()[1:]] == ["11", "12"]

    people = [*NAMES, *NUMBERS, "Maria Zielińska", "Ivan Horbenko"]
    stored = every_stored_text()
    logged = " ".join(
        f"{e.before} {e.after} {e.reason} {e.object_repr}" for e in ChangeLogEntry.objects.all()
    )
    for person in people:
        for text, where in ((stored, "database"), (logged, "change log"), (rejects.read_text(), "rejects")):
            assert person not in text and person.casefold() not in text.casefold(), (person, where)
    assert NAMES[0] in path.read_text()  # (the test would see one)

    assert "0 created, 0 updated, 2 unchanged" in run(path, "training-roster")


def test_a_roster_with_an_as_of_counts_who_completed_by_then_and_updates_the_counts_record(units, tmp_path):
    counts = tmp_path / "counts.csv"
    counts.write_text(
        "unit,course,as_of,trained,strength\nUNIT-1,induction,2026-10-31,3,80\n", encoding="utf-8"
    )
    run(counts, "training-counts")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "unit,course,completed_on,service_number,as_of\n"
        "POLUKRBAT,induction,2026-10-01,PL-1,2026-10-31\n"
        "POLUKRBAT,induction,2026-10-30,PL-2,2026-10-31\n"
        "POLUKRBAT,induction,2026-11-03,PL-3,2026-10-31\n",
        encoding="utf-8",
    )  # after as_of
    said = run(roster, "training-roster")
    assert "1 updated" in said, said
    assert records() == {("POLUKRBAT", "induction", "2026-10-31"): (2, 80)}


def test_a_roster_without_a_person_column_is_refused_whole(units, mission, conduct_people, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("unit,course,completed_on\nUNIT-1,induction,2026-10-01\n", encoding="utf-8")
    with pytest.raises(FormatError, match="name"):
        import_records(
            TrainingCompletionService(),
            path,
            format="training-roster",
            mission=mission,
            acting_user=conduct_people["cdo"],
        )
    assert not TrainingCompletion.objects.exists()

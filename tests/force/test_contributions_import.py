"""The UN contributions formats of `force.contribution` (peaceops/force/formats.py), checked against the real
files read here independently with the csv module: women and men per mission and year and per country and
year as the database holds them for the user; importing again changes nothing; broken rows are rejected with
their line and reason and the good rows kept; a file of another format is refused whole."""

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum

from peaceops.core.models import ChangeLogEntry
from peaceops.force.models import Contribution
from peaceops.force.services import ContributionService
from peaceops.interop.records import FormatError, import_records
from peaceops.testing import world

FIXTURES = Path(__file__).parents[1] / "fixtures" / "un_contributions"
YEARLY = FIXTURES / "contributions_2010_2019_subset.csv"
RANK = FIXTURES / "rank_uniformed_personnel_snapshot_2021-01-31.csv"
SHARED = Path("/work/shared/data/un_pk_contributions/contributions_country_mission_year_2010_2019.csv")


def read_file(path: Path) -> list[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return [(reader.line_num, row) for row in reader]


def expected(path: Path, *, female="Female", male="Male", total="Total") -> dict:
    """From the file: its rows sorted as the formats must (good: anyone in it; zero: all zero) and, among the
    good, the lines whose Total is not Female + Male (kept, with the total as published)."""
    good, zero, mismatch = [], [], []
    for line, row in read_file(path):
        f, m, t = int(row[female]), int(row[male]), int(row[total])
        (zero if t == 0 and f + m == 0 else good).append((line, row))
        if t != f + m:
            mismatch.append(line)
    return {"good": good, "zero": zero, "mismatch": mismatch}


def sums(rows, key) -> dict:
    out = defaultdict(lambda: [0, 0])
    for _, row in rows:
        out[key(row)][0] += int(row.get("Female", row.get("Female_Personnel")))
        out[key(row)][1] += int(row.get("Male", row.get("Male_Personnel")))
    return {k: tuple(v) for k, v in out.items()}


def stored(user, mission, *fields) -> dict:
    rows = (Contribution.objects.visible_to(user).filter(mission=mission).values(*fields)
            .annotate(f=Sum("female"), m=Sum("male")).order_by())
    return {tuple(r[n] for n in fields) if len(fields) > 1 else r[fields[0]]: (r["f"], r["m"]) for r in rows}


@pytest.fixture
def admin(db):
    """UNMIK's mission administrator (who may add and change contributions)."""
    return world.mission("UNMIK"), world.person("admin")


def load(path, mission, user, format="un-contributions", **kw):
    return import_records(ContributionService(), path, format=format, mission=mission, acting_user=user, **kw)


def test_the_command_imports_the_table_and_the_figures_are_the_files(admin, tmp_path):
    mission, user = admin
    want = expected(YEARLY)
    out = io.StringIO()
    call_command("import_records", "force.contribution", str(YEARLY), "--format", "un-contributions",
                 "--mission", "UNMIK", "--user", user.username, "--rejects", str(tmp_path / "rejects.csv"),
                 stdout=out)
    assert (f"Read 1955 rows: {len(want['good'])} created, 0 updated, 0 unchanged, 0 rejected, "
            f"{len(want['zero'])} skipped") in out.getvalue()
    assert (len(want["good"]), len(want["mismatch"]), len(want["zero"])) == (745, 99, 1210)

    assert stored(user, mission, "un_mission", "year") == sums(want["good"], lambda r: (r["Mission"], int(r["Year"])))
    assert stored(user, mission, "country_name", "year") == sums(want["good"],
                                                                 lambda r: (r["Country"], int(r["Year"])))
    assert stored(user, mission, "un_mission") == sums(want["good"], lambda r: r["Mission"])
    unmik_2019 = Contribution.objects.visible_to(user).get(mission=mission, source_id="un:2019:AUT:UNMIK")
    assert (unmik_2019.country, unmik_2019.country_name, unmik_2019.year, unmik_2019.female, unmik_2019.male,
            unmik_2019.month, unmik_2019.as_of) == ("AUT", "Austria", 2019, 1, 0, None, None)

    # a Total that is not Female + Male (rounding in the source) is kept as published, women and men too
    rows = dict(read_file(YEARLY))
    for line in want["mismatch"]:
        row = rows[line]
        held = Contribution.objects.visible_to(user).get(
            mission=mission, year=int(row["Year"]), un_mission=row["Mission"], country_name=row["Country"])
        assert (held.female, held.male, held.published_total, held.total) == (
            int(row["Female"]), int(row["Male"]), int(row["Total"]), int(row["Total"]))
    assert not list(csv.DictReader((tmp_path / "rejects.csv").open(encoding="utf-8")))


def test_importing_again_changes_nothing(admin):
    mission, user = admin
    first = load(YEARLY, mission, user)
    entries = ChangeLogEntry.objects.count()
    again = load(YEARLY, mission, user)
    assert (again.read, again.created, again.updated, again.unchanged) == (1955, 0, 0, first.created)
    assert (again.rejected, again.skipped) == (first.rejected, first.skipped)
    assert ChangeLogEntry.objects.count() == entries
    assert Contribution.objects.visible_to(user).filter(mission=mission).count() == first.created


def test_a_corrected_row_updates_its_record(admin, tmp_path):
    mission, user = admin
    load(YEARLY, mission, user)
    assert "2019,Austria,UNMIK,1,0,1\n" in YEARLY.read_text(encoding="utf-8")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("Year,Country,Mission,Female,Male,Total\n2019,Austria,UNMIK,1,1,2\n", encoding="utf-8")
    report = load(fixed, mission, user)
    assert (report.created, report.updated) == (0, 1)
    assert Contribution.objects.visible_to(user).get(mission=mission, source_id="un:2019:AUT:UNMIK").male == 1


def broken_copy(path: Path, tmp_path: Path, changes: dict) -> Path:
    """A copy of `path` whose line n (1-based, the header is 1) is replaced by changes[n](cells)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for n, change in changes.items():
        lines[n - 1] = change(next(csv.reader([lines[n - 1]])))
    copy = tmp_path / f"broken-{path.name}"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


def joined(cells):
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_broken_rows_are_rejected_with_line_and_reason_and_every_good_row_kept(admin, tmp_path):
    mission, user = admin
    want = expected(YEARLY)
    good = [line for line, _ in want["good"]]
    bad_number, unknown, negative, missing, bad_year = good[3], good[50], good[100], good[200], good[300]
    path = broken_copy(YEARLY, tmp_path, {
        bad_number: lambda c: joined([*c[:3], "two", *c[4:]]),
        unknown: lambda c: joined([c[0], "Atlantis", *c[2:]]),
        negative: lambda c: joined([*c[:5], "-7"]),
        missing: lambda c: joined(c[:5]),
        bad_year: lambda c: joined(["20l9", *c[1:]]),
    })
    report = load(path, mission, user, rejects_path=tmp_path / "rejects.csv")

    broken = {bad_number, unknown, negative, missing, bad_year}
    kept = [(line, row) for line, row in want["good"] if line not in broken]
    assert (report.read, report.created, report.skipped) == (1955, len(kept), len(want["zero"]))
    assert report.rejected == 5
    reasons = dict(report.rejects)
    assert reasons[bad_number] == "Female: not a number ('two')"
    assert reasons[unknown] == "Country: unknown country 'Atlantis'"
    assert reasons[negative] == "Total: not a whole number of at least 0 ('-7')"
    assert reasons[missing] == "Total: is missing"
    assert reasons[bad_year] == "Year: not a year ('20l9')"
    assert stored(user, mission, "un_mission", "year") == sums(kept, lambda r: (r["Mission"], int(r["Year"])))
    written = {int(r["line"]): r for r in csv.DictReader((tmp_path / "rejects.csv").open(encoding="utf-8"))}
    assert broken <= set(written) and written[unknown]["Country"] == "Atlantis"


def test_a_file_of_another_format_is_refused(admin, tmp_path):
    mission, user = admin
    with pytest.raises(FormatError, match=r"not a UN contributions table \(no column 'Year'"):
        load(RANK, mission, user)
    with pytest.raises(FormatError, match=r"not a UN contributions ranking \(no column 'ISOCode3'"):
        load(YEARLY, mission, user, format="un-contributions-snapshot")
    assert not Contribution.objects.exists()


def test_the_snapshot_holds_each_country_at_the_reporting_date(admin):
    mission, user = admin
    rows = read_file(RANK)
    out = io.StringIO()
    call_command("import_records", "force.contribution", str(RANK), "--format", "un-contributions-snapshot",
                 "--mission", "UNMIK", "--user", user.username, stdout=out)
    assert "Read 122 rows: 122 created, 0 updated, 0 unchanged, 0 rejected in" in out.getvalue()
    held = Contribution.objects.visible_to(user).filter(mission=mission)
    assert {(c.country, c.female, c.male) for c in held} == {
        (r["ISOCode3"], int(r["Female_Personnel"]), int(r["Male_Personnel"])) for _, r in rows}
    assert set(held.values_list("un_mission", "year", "month", "as_of")) == {("", 2021, 1, dt.date(2021, 1, 31))}
    assert held.get(country="KOR").source_id == "un-snapshot:2021-01-31:KOR"
    total = sum(int(r["Total_Uniformed_Personnel"]) for _, r in rows)
    assert sum(c.total for c in held) == total
    again = load(RANK, mission, user, format="un-contributions-snapshot")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 122)


def test_broken_snapshot_rows_are_rejected_and_the_others_kept(admin, tmp_path):
    mission, user = admin
    path = broken_copy(RANK, tmp_path, {
        2: lambda c: joined(["RWA", *c[1:]]),  # Bangladesh's row with Rwanda's code
        3: lambda c: joined([*c[:7], "31-Foo-21"]),
        4: lambda c: joined([*c[:4], "-3", *c[5:]]),
        5: lambda c: joined([*c[:6], "", c[7]]),
        6: lambda c: joined(["", c[1], "Atlantis", *c[3:]]),
        7: lambda c: joined(["", *c[1:]]),  # no code: the name says it
        8: lambda c: joined([*c[:4], "0", "0", "0", c[7]]),  # nobody: skipped
        9: lambda c: joined(["", c[1], "", *c[3:]]),
    })
    report = load(path, mission, user, format="un-contributions-snapshot")
    assert (report.read, report.created, report.rejected, report.skipped) == (122, 115, 6, 1)
    assert dict(report.rejects) == {
        2: "ISOCode3: RWA is not 'Bangladesh' (BGD)",
        3: "Last_Reporting_Date: not a date ('31-Foo-21'; e.g. 31-Jan-21 or 2021-01-31)",
        4: "Female_Personnel: not a whole number of at least 0 ('-3')",
        5: "Total_Uniformed_Personnel: is empty",
        6: "Contributing_Country: unknown country 'Atlantis'",
        9: "Contributing_Country: is empty (and so is ISOCode3)",
    }
    rows = dict(read_file(RANK))
    held = Contribution.objects.visible_to(user).filter(mission=mission)
    assert held.get(country=rows[7]["ISOCode3"]).country_name == rows[7]["Contributing_Country"]
    assert sorted(held.values_list("country", flat=True)) == sorted(r["ISOCode3"] for n, r in rows.items()
                                                                    if n not in (2, 3, 4, 5, 6, 8, 9))


def test_the_snapshot_and_the_yearly_table_live_side_by_side(admin):
    mission, user = admin
    yearly = load(YEARLY, mission, user)
    snapshot = load(RANK, mission, user, format="un-contributions-snapshot")
    count = Contribution.objects.visible_to(user).filter(mission=mission).count()
    assert count == yearly.created + snapshot.created


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="the shared data directory is not here")
def test_the_whole_real_table(admin):
    """All 47,057 rows of 2010-2019: every good row imported, figures per mission and year as in the file."""
    mission, user = admin
    want = expected(SHARED)
    report = load(SHARED, mission, user, batch_size=2000)
    print(f"\n{report.summary()}")
    assert (report.read, report.created, report.rejected, report.skipped) == (
        47057, len(want["good"]), 0, len(want["zero"]))
    assert Contribution.objects.filter(mission=mission, published_total__isnull=False).count() == len(
        want["mismatch"])
    assert stored(user, mission, "un_mission", "year") == sums(want["good"], lambda r: (r["Mission"], int(r["Year"])))
    assert stored(user, mission, "country_name", "year") == sums(want["good"],
                                                                 lambda r: (r["Country"], int(r["Year"])))
    assert Counter(Contribution.objects.filter(mission=mission).values_list("year", flat=True)) == Counter(
        int(r["Year"]) for _, r in want["good"])

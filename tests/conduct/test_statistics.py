"""Conduct statistics (`conduct.statistics`) on a small world whose figures are counted here by hand: eleven
cases recorded by a conduct officer, threshold 3 (then 5).

    case  year  personnel category        UN mission  outcome        allegation          victims   cases
    A     2025  military contingent       (UNMIK)     substantiated  transactional sex   adult       3
    A'    2025  military contingent       (UNMIK)     (none yet)     transactional sex   adult       1
    B     2025  formed police             (UNMIK)     (none yet)     rape                child       1
    C     2026  military contingent       (UNMIK)     (none yet)     transactional sex   adult       3
    D     2026  international civilian    (UNMIK)     (none yet)     other misconduct    adult       2
    E     2026  military contingent       MINUSCA     (none yet)     transactional sex   adult       1

By year: 2025 5, 2026 6, total 11. By personnel category: military 8, formed police 1, civilians 2, the eight
other categories 0. Threshold 3: 1, 2 and 0 are hidden; military 8 shows, and the total 11 (the hidden add up
to 3, which pins none of them).
"""

import datetime as dt

import pytest

from peaceops.conduct import statistics
from peaceops.conduct.models import Case, ConductSettings
from peaceops.core.kit.errors import FieldError

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_world(conduct_people, case_of, mission):
    return build(conduct_people["cdo"], case_of, mission)


def build(cdo, case_of, mission):
    """The eleven cases of the table above, recorded by `cdo`; the mission's threshold set to 3."""
    ConductSettings.objects.update_or_create(mission=mission, defaults={"suppression_threshold": 3})
    day25, day26 = dt.date(2025, 4, 2), dt.date(2026, 2, 9)
    for _ in range(3):
        case_of(cdo, reported_on=day25, outcome="substantiated")
    case_of(cdo, reported_on=day25)
    case_of(
        cdo,
        reported_on=day25,
        personnel_category="formed_police",
        allegations=[{"position": 0, "kind": "rape", "label": ""}],
        victims=[{"age_group": "child", "count": 1}],
    )
    for _ in range(3):
        case_of(cdo, reported_on=day26)
    for _ in range(2):
        case_of(
            cdo,
            reported_on=day26,
            personnel_category="civilian_international",
            nationality="",
            allegations=[{"position": 0, "kind": "other_misconduct", "label": ""}],
        )
    case_of(cdo, reported_on=day26, un_mission="minusca")
    assert Case._base_manager.count() == 11
    return mission


def shown(table) -> dict:
    """The shown cells of a one-way table by key (hidden ones: None)."""
    return {key: cell.count for key, _label, cell in table.lines}


def test_one_way_figures_equal_the_counts_by_hand(small_world):
    by_year = statistics.table(small_world, ["year"])
    assert shown(by_year) == {2025: 5, 2026: 6} and by_year.total.count == 11
    categories = shown(statistics.table(small_world, ["personnel_category"]))
    assert categories.pop("military_contingent") == 8
    assert set(categories.values()) == {None}  # 1, 2 and the zeros: hidden alike
    missions = statistics.table(small_world, ["un_mission"])
    # MINUSCA 1 is hidden, so UNMIK 10 is hidden with it (else 11 - 10 gives MINUSCA's 1 back)
    assert shown(missions) == {"MINUSCA": None, "UNMIK": None} and missions.total.count == 11
    outcomes = shown(statistics.table(small_world, ["outcome"]))
    # pending 8 shows; the zeros alone would add up to 11 - 8 - 3 = 0, so substantiated (3) is hidden too
    assert outcomes == {
        "substantiated": None,
        "unsubstantiated": None,
        "insufficient_information": None,
        "pending": 8,
        "not_applicable": None,
    }
    assert shown(statistics.table(small_world, ["allegation"])) == {
        "SA": None,
        "SE": 8,
        "other": None,
        "unknown": None,
    }
    assert shown(statistics.table(small_world, ["victims"])) == {"child": None, "adult": 10, "unknown": None}


def test_two_way_figures_year_by_personnel_category(small_world):
    table = statistics.table(small_world, ["year", "personnel_category"])
    military = {year: table.cells[(year, "military_contingent")].count for year in (2025, 2026)}
    assert military == {2025: 4, 2026: 4}
    assert {r: c.count for r, c in table.row_totals.items()} == {2025: 5, 2026: 6}
    assert table.column_totals["military_contingent"].count == 8 and table.total.count == 11
    others = [cell for (year, category), cell in table.cells.items() if category != "military_contingent"]
    assert others and all(cell.count is None for cell in others)  # formed police 1, civilians 2, zeros


def test_filters_narrow_the_cases_counted(small_world):
    assert shown(statistics.table(small_world, ["year"], statistics.Filters.of("2026", "2026"))) == {2026: 6}
    unmik = statistics.table(small_world, ["year"], statistics.Filters.of(un_mission="unmik"))
    assert shown(unmik) == {2025: 5, 2026: 5} and unmik.total.count == 10  # blank UN mission: this mission's
    with pytest.raises(FieldError) as bad:
        statistics.Filters.of("2026", "2025")
    assert bad.value.field == "to"
    with pytest.raises(FieldError) as bad:
        statistics.table(small_world, ["year", "outcome", "victims"])
    assert bad.value.field == "by"


def test_no_count_under_the_threshold_leaves_any_table(small_world):
    for threshold in (3, 5, 12):
        for by in [(d,) for d in statistics.DIMENSIONS] + [
            ("year", "personnel_category"),
            ("outcome", "victims"),
        ]:
            table = statistics.table(small_world, by, threshold=threshold)
            cells = [
                *table.cells.values(),
                *table.row_totals.values(),
                *table.column_totals.values(),
                table.total,
            ]
            assert all(c.count is None or c.count >= threshold for c in cells), (threshold, by)
    assert statistics.table(small_world, ["year"], threshold=12).total.count is None  # 11 cases: under 12


def test_a_higher_threshold_hides_more(small_world):
    ConductSettings.objects.filter(mission=small_world).update(suppression_threshold=5)
    table = statistics.table(small_world, ["year", "personnel_category"])
    assert table.threshold == 5
    assert table.cells[(2025, "military_contingent")].count is None  # 4 < 5
    assert {r: c.count for r, c in table.row_totals.items()} == {2025: 5, 2026: 6}

"""Conduct statistics counted by the database (`statistics.table`, GROUP BY) equal a plain count, here, of the
same random cases (hypothesis): a few dozen cases of UNMIK with a random UN mission (blank: UNMIK's own), date
reported, personnel category, outcome (blank: pending), allegations (none, one or several kinds, repeated
kinds too) and victim groups (none, or some of child / adult / unknown age), and a few cases of another
mission (never counted); random filters `from`, `to` and UN mission. Every one-way table and every two-way
table, threshold 1 (nothing hidden), must give each cell, row and column total and the total as counted here,
and the same rows (the years from the first case, or `from`, to this year, or `to`; the UN missions named).
"""

import datetime as dt
import itertools
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from peaceops.conduct import statistics
from peaceops.conduct.choices import ABUSE, EXPLOITATION, AgeGroup, AllegationKind, Outcome, PersonnelCategory
from peaceops.conduct.models import Case, CaseAllegation, VictimGroup
from peaceops.testing import world
from peaceops.testing.sweeps import examples

pytestmark = pytest.mark.django_db

a_case = st.fixed_dictionaries(
    {
        "elsewhere": st.sampled_from([False] * 9 + [True]),  # a case of another mission
        "un_mission": st.sampled_from(["", "MINUSCA", "UNMISS", "UNMIK"]),
        "reported_on": st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)),
        "personnel_category": st.sampled_from(PersonnelCategory.values),
        "outcome": st.sampled_from(["", *Outcome.values]),
        "kinds": st.lists(st.sampled_from(AllegationKind.values), max_size=3),
        "ages": st.lists(st.sampled_from(AgeGroup.values), max_size=3, unique=True),
    }
)
a_year = st.none() | st.integers(2018, 2027)
BYS = [(d,) for d in statistics.DIMENSIONS] + list(itertools.combinations(statistics.DIMENSIONS, 2))


def keys_of(case: dict, code: str) -> dict:
    """The case's key in each dimension, by the rules of the statistics' page."""
    kinds, ages = set(case["kinds"]), set(case["ages"])
    if kinds & ABUSE:
        allegation = "SA"  # SA and SE alleged: counted once, as SA
    elif kinds & EXPLOITATION:
        allegation = "SE"
    elif kinds:
        allegation = "other"
    else:
        allegation = "unknown"
    return {
        "un_mission": case["un_mission"] or code,
        "year": case["reported_on"].year,
        "personnel_category": case["personnel_category"],
        "outcome": case["outcome"] or "pending",
        "allegation": allegation,
        "victims": "child" if "child" in ages else "adult" if "adult" in ages else "unknown",
    }


def write(cases: list[dict], mission, other, owner) -> None:
    now = timezone.now()
    made = Case._base_manager.bulk_create(
        [
            Case(
                mission=other if case["elsewhere"] else mission,
                owner=owner,
                created_at=now,
                updated_at=now,
                reference=f"RND-{i:03d}",
                summary="random",
                subjects=1,
                **{f: case[f] for f in ("un_mission", "reported_on", "personnel_category", "outcome")},
            )
            for i, case in enumerate(cases)
        ]
    )
    CaseAllegation.objects.bulk_create(
        [
            CaseAllegation(case=made_case, position=position, kind=kind)
            for made_case, case in zip(made, cases, strict=True)
            for position, kind in enumerate(case["kinds"])
        ]
    )
    VictimGroup.objects.bulk_create(
        [
            VictimGroup(case=made_case, age_group=age, count=1)
            for made_case, case in zip(made, cases, strict=True)
            for age in case["ages"]
        ]
    )


@settings(
    max_examples=examples(40),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cases=st.lists(a_case, max_size=40),
    year_from=a_year,
    year_to=a_year,
    un_mission=st.sampled_from([None, "unmik", "MINUSCA", "UNAMID"]),
)
def test_the_database_counts_as_a_plain_count(mission, cases, year_from, year_to, un_mission):
    assume(None in (year_from, year_to) or year_from <= year_to)
    filters = statistics.Filters.of(year_from, year_to, un_mission)
    keyed = [
        keys_of(case, mission.code)
        for case in cases
        if not case["elsewhere"]
        and (year_from is None or case["reported_on"].year >= year_from)
        and (year_to is None or case["reported_on"].year <= year_to)
    ]
    keyed = [keys for keys in keyed if un_mission is None or keys["un_mission"] == un_mission.upper()]
    this_year = timezone.now().year
    first = year_from or min((k["year"] for k in keyed), default=year_to or this_year)
    years = list(range(first, (year_to or max([this_year, first, *(k["year"] for k in keyed)])) + 1))
    named = sorted({k["un_mission"] for k in keyed} | ({un_mission.upper()} if un_mission else set()))
    with transaction.atomic():
        write(cases, mission, world.mission("UNMISS"), world.organisation("UNMIK"))
        for by in BYS:
            table = statistics.table(mission, by, filters, threshold=1)
            counted = Counter(tuple(k[d] for d in by) for k in keyed)
            assert table.total.count == len(keyed), by
            for d, rows in zip(by, [table.rows, table.columns], strict=False):
                if d == "year":
                    assert [key for key, _label in rows] == years, by
                if d == "un_mission":
                    assert [key for key, _label in rows] == (named or [mission.code]), by
            if len(by) == 1:
                assert {(key,): cell.count for key, _label, cell in table.lines} == {
                    (key,): counted[(key,)] for key, _label in table.rows
                }, by
            else:
                assert {key: cell.count for key, cell in table.cells.items()} == {
                    (r, c): counted[(r, c)] for r, _r in table.rows for c, _c in table.columns
                }, by
                for i, totals in enumerate([table.row_totals, table.column_totals]):
                    assert {key: cell.count for key, cell in totals.items()} == {
                        key: sum(n for k, n in counted.items() if k[i] == key) for key in totals
                    }, by
            assert sum(cell.count for cell in table.cells.values()) == len(keyed), by  # every case in a cell
        transaction.set_rollback(True)

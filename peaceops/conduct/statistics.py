"""Conduct statistics as the UN publishes them: counts of the mission's cases by UN mission, year reported,
personnel category, outcome, allegation (sexual abuse, sexual exploitation, other misconduct) and victims
(a child, adults only), in one-way and two-way tables, with small cells suppressed.

These are aggregates for readers without need-to-know (holders of `conduct.statistics.view`): they count EVERY
case of the mission (`Case._base_manager`), whoever may read it, which is why every figure leaving this module
is suppressed (`statistics_suppression`: counts under the mission's threshold, `ConductSettings.
suppression_threshold`, and whatever would let one be worked out). A `Table` holds no hidden count: a hidden
cell's `count` is None, whether it is small or hidden to protect a small one (never told apart).

What a table's rows say by themselves: the years run from the first year with a case (or the filter's `from`)
to this year (or `to`); the UN missions are those named by the mission's cases. The other axes are fixed (every
personnel category, outcome...), so a row's presence says nothing.

The database counts (`counts`: one GROUP BY query a table, each dimension an expression of the case, `_keys`);
only the counts by key come back, never a row per case.
"""

from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError

from .choices import ABUSE, EXPLOITATION, AgeGroup, Outcome, PersonnelCategory
from .models import Case, CaseAllegation, VictimGroup
from .services import settings_of
from .statistics_suppression import protect

SEXUAL_ABUSE, SEXUAL_EXPLOITATION, OTHER_MISCONDUCT, NOT_RECORDED = "SA", "SE", "other", "unknown"
ALLEGATIONS = {
    SEXUAL_ABUSE: _("Sexual abuse"),
    SEXUAL_EXPLOITATION: _("Sexual exploitation"),
    OTHER_MISCONDUCT: _("Other misconduct"),
    NOT_RECORDED: _("Not recorded"),
}
CHILD, ADULT = "child", "adult"
VICTIMS = {
    CHILD: _("A child among the victims"),
    ADULT: _("Adult victims only"),
    NOT_RECORDED: _("Not recorded"),
}

#: The dimensions a table is counted by, with their names.
DIMENSIONS = {
    "un_mission": _("UN mission"),
    "year": _("Year reported"),
    "personnel_category": _("Personnel category"),
    "outcome": _("Outcome"),
    "allegation": _("Allegation"),
    "victims": _("Victims"),
}
EARLIEST, LATEST = 1945, 2199


@dataclass(frozen=True)
class Cell:
    """A count, or None when suppressed (under the threshold, or hidden so that such a count cannot be worked
    out: the two are never told apart)."""

    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    """Counts by one dimension (`columns` empty) or two (rows x columns), with their totals: `cells` by row key
    (one-way) or (row, column) keys; `row_totals`, `column_totals` for a two-way table."""

    by: tuple[str, ...]
    rows: list[tuple[object, str]]
    columns: list[tuple[object, str]]
    cells: dict
    total: Cell
    threshold: int
    row_totals: dict = field(default_factory=dict)
    column_totals: dict = field(default_factory=dict)

    @property
    def lines(self) -> list[tuple[object, str, Cell]]:
        """One-way: (key, label, cell) per row."""
        return [(key, label, self.cells[key]) for key, label in self.rows]

    @property
    def grid(self) -> list[tuple[str, list[Cell], Cell]]:
        """Two-way: (row label, the row's cells, its total) per row."""
        return [
            (label, [self.cells[(key, c)] for c, _label in self.columns], self.row_totals[key])
            for key, label in self.rows
        ]

    @property
    def column_cells(self) -> list[Cell]:
        return [self.column_totals[key] for key, _label in self.columns]

    def margin(self, axis: int) -> "Table":
        """A two-way table's row totals (axis 0) or column totals (axis 1) as a one-way table."""
        labels, totals = (self.rows, self.row_totals) if axis == 0 else (self.columns, self.column_totals)
        return Table((self.by[axis],), labels, [], dict(totals), self.total, self.threshold)

    @property
    def has_suppressed(self) -> bool:
        return any(c.suppressed for c in [*self.cells.values(), self.total])


@dataclass(frozen=True)
class Filters:
    """Which cases: reported in the years `year_from`..`year_to`, in UN mission `un_mission` (None: all)."""

    year_from: int | None = None
    year_to: int | None = None
    un_mission: str | None = None

    @classmethod
    def of(cls, year_from=None, year_to=None, un_mission=None) -> "Filters":
        """Filters from a query's text, checked (FieldError naming `from`, `to`)."""
        years = [_year(name, value) for name, value in (("from", year_from), ("to", year_to))]
        if None not in years and years[1] < years[0]:
            raise FieldError("to", _("is before from"))
        return cls(*years, (un_mission or "").strip().upper() or None)


def _year(name: str, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise FieldError(name, _("must be a year, e.g. 2024")) from None
    if not EARLIEST <= year <= LATEST:
        raise FieldError(
            name, _("must be a year between %(first)s and %(last)s"), first=EARLIEST, last=LATEST
        )
    return year


def threshold_of(mission) -> int:
    return settings_of(mission).suppression_threshold


def _cases(mission, filters: Filters):
    cases = Case._base_manager.filter(mission=mission)  # every case: only suppressed aggregates leave
    if filters.year_from:
        cases = cases.filter(reported_on__year__gte=filters.year_from)
    if filters.year_to:
        cases = cases.filter(reported_on__year__lte=filters.year_to)
    if filters.un_mission:
        own = Q(un_mission="") if filters.un_mission == mission.code else Q(pk__in=[])
        cases = cases.filter(Q(un_mission=filters.un_mission) | own)
    return cases


class _Year(ExtractYear):
    """The year of a date; on SQLite read from the date's text by SQLite itself (Django's `ExtractYear` there
    calls a Python function for every row: twice the time of the whole query at 100,000 cases)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


def _keys(mission) -> dict:
    """Each dimension as an expression of a case: its key in that dimension. A case's allegation is the most
    serious of its kinds (sexual abuse before sexual exploitation before other misconduct, so a case alleging
    SA and SE counts once, as SA), "not recorded" when it has none; its victims: a child among them, else adults
    only, else "not recorded" (no victim group, or only victims of unknown age)."""

    def having(model, **lookups):
        if connection.vendor == "postgresql":  # one pass, hashed: 2-3 times faster than a probe per case
            return Q(pk__in=model.objects.filter(**lookups).values("case_id"))
        return Exists(model.objects.filter(case=OuterRef("pk"), **lookups))  # SQLite: the faster there

    return {
        "un_mission": models.Case(
            When(un_mission="", then=Value(mission.code)), default=F("un_mission"), output_field=CharField()
        ),
        "year": _Year("reported_on"),
        "personnel_category": F("personnel_category"),
        "outcome": models.Case(
            When(outcome="", then=Value(Outcome.PENDING.value)), default=F("outcome"), output_field=CharField()
        ),
        "allegation": models.Case(
            When(having(CaseAllegation, kind__in=sorted(ABUSE)), then=Value(SEXUAL_ABUSE)),
            When(having(CaseAllegation, kind__in=sorted(EXPLOITATION)), then=Value(SEXUAL_EXPLOITATION)),
            When(having(CaseAllegation), then=Value(OTHER_MISCONDUCT)),
            default=Value(NOT_RECORDED),
            output_field=CharField(),
        ),
        "victims": models.Case(
            When(having(VictimGroup, age_group=AgeGroup.CHILD), then=Value(CHILD)),
            When(having(VictimGroup, age_group=AgeGroup.ADULT), then=Value(ADULT)),
            default=Value(NOT_RECORDED),
            output_field=CharField(),
        ),
    }


def counts(mission, filters: Filters, by) -> dict[tuple, int]:
    """The number of cases by their keys in the dimensions of `by` (key tuples in the order of `by`; keys with
    no case left out), counted by the database (GROUP BY)."""
    keys = _keys(mission)
    names = {f"key_{d}": keys[d] for d in by}
    grouped = (
        _cases(mission, filters).order_by().annotate(**names).values(*names).annotate(cases=Count("pk"))
    )
    return {
        tuple(int(row[n]) if n == "key_year" else row[n] for n in names): row["cases"] for row in grouped
    }


def axis(dimension: str, mission, filters: Filters, present) -> list[tuple[object, str]]:
    """The keys (and labels) of a dimension's rows, in order (`present`: its keys that count a case)."""
    if dimension == "year":
        present = list(present)
        first = filters.year_from or min(present, default=filters.year_to or timezone.now().year)
        last = filters.year_to or max(timezone.now().year, *present, first)
        return [(year, str(year)) for year in range(first, last + 1)]
    if dimension == "un_mission":
        named = set(present) | ({filters.un_mission} if filters.un_mission else set())
        return [(code, code) for code in sorted(named or {mission.code})]
    labels = {
        "personnel_category": PersonnelCategory.choices,
        "outcome": Outcome.choices,
        "allegation": list(ALLEGATIONS.items()),
        "victims": list(VICTIMS.items()),
    }[dimension]
    return [(key, str(label)) for key, label in labels]


def check_by(by) -> tuple[str, ...]:
    """`by` checked: one or two known dimensions, different (FieldError naming `by`)."""
    by = tuple(by) or ("year",)
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise FieldError(
            "by", _("%(value)r is not one of %(known)s"), value=unknown[0], known=", ".join(DIMENSIONS)
        )
    if len(by) > 2 or len(set(by)) != len(by):
        raise FieldError("by", _("give one or two different dimensions"))
    return by


def table(mission, by, filters: Filters | None = None, threshold: int | None = None) -> Table:
    """The suppressed table of the mission's cases by one or two dimensions (`check_by`)."""
    by, filters = check_by(by), filters or Filters()
    threshold = threshold_of(mission) if threshold is None else threshold
    counted = counts(mission, filters, by)
    axes = [axis(d, mission, filters, {key[i] for key in counted}) for i, d in enumerate(by)]
    total = sum(counted.values())
    if len(by) == 1:
        return _one_way(by, axes[0], counted, total, threshold)
    return _two_way(by, axes, counted, total, threshold)


def _cell(values, hidden, key) -> Cell:
    return Cell(None) if key in hidden else Cell(values[key])


def _one_way(by, rows, counts, total, threshold) -> Table:
    values = {("cell", key): counts.get((key,), 0) for key, _label in rows}
    values[("total",)] = total
    hidden = protect(values, [(list(values)[:-1], ("total",))], threshold)
    cells = {key: _cell(values, hidden, ("cell", key)) for key, _label in rows}
    return Table(by, rows, [], cells, _cell(values, hidden, ("total",)), threshold)


def _two_way(by, axes, counts, total, threshold) -> Table:
    rows, columns = axes
    values = {("cell", r, c): counts.get((r, c), 0) for r, _r in rows for c, _c in columns}
    for r, _label in rows:
        values[("row", r)] = sum(values[("cell", r, c)] for c, _c in columns)
    for c, _label in columns:
        values[("column", c)] = sum(values[("cell", r, c)] for r, _r in rows)
    values[("total",)] = total
    lines = [([("cell", r, c) for c, _c in columns], ("row", r)) for r, _r in rows]
    lines += [([("cell", r, c) for r, _r in rows], ("column", c)) for c, _c in columns]
    lines += [
        ([("row", r) for r, _r in rows], ("total",)),
        ([("column", c) for c, _c in columns], ("total",)),
    ]
    hidden = protect(values, lines, threshold)
    return Table(
        by,
        rows,
        columns,
        {(r, c): _cell(values, hidden, ("cell", r, c)) for r, _r in rows for c, _c in columns},
        _cell(values, hidden, ("total",)),
        threshold,
        row_totals={r: _cell(values, hidden, ("row", r)) for r, _r in rows},
        column_totals={c: _cell(values, hidden, ("column", c)) for c, _c in columns},
    )


def un_missions(mission) -> list[str]:
    """The UN missions the mission's cases name (its own code for those naming none), for a filter's choices."""
    named = set(Case._base_manager.filter(mission=mission).values_list("un_mission", flat=True).distinct())
    return sorted({code or mission.code for code in named} | {mission.code})

"""Women, peace and security figures: the women's share of uniformed personnel, each against the mission's
yearly target for its personnel category (`GenderTarget`; None: no target set).

Two sources, never mixed:
- the UN's published contributions (`Contribution`), by UN mission and year: the yearly rows only (a UN mission
  named, no month); the monthly snapshot rows are left out. A country's figure in a UN mission and year is its
  row for all uniformed personnel when there is one, otherwise the sum of its rows by personnel category;
- the mission's own units (`Unit` and their `strengths`): for each unit and year, the strength at the latest
  `as_of` of that year, women deployed over everyone deployed (all rank categories), added up by contingent, by
  unit type and by personnel category (`category_of`).

Everything is read through `visible_to(user)`: a unit, contingent or contribution the user may not see counts
nowhere, and a contingent the user may not see is not named.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from .choices import Gender, PersonnelCategory, UnitType, category_of
from .models import Contingent, Contribution, GenderTarget, Unit, UnitStrength

#: The uniformed gender parity strategy's targets for 2028, the end of the strategy (women's share, %).
STRATEGY_2028 = {
    PersonnelCategory.MILITARY_CONTINGENT: Decimal(15),
    PersonnelCategory.STAFF_OFFICERS_OBSERVERS: Decimal(25),
    PersonnelCategory.FORMED_POLICE: Decimal(20),
    PersonnelCategory.INDIVIDUAL_POLICE: Decimal(30),
}
#: The label of units whose contingent the reader may not see (they count, unnamed, in one row).
HIDDEN_CONTINGENT = _("Contingents you may not see")


@dataclass(frozen=True)
class Share:
    """Women among `total` uniformed personnel in one group (`label`), year and personnel category ("" for all
    uniformed personnel), against `target` (a share in %, None when the mission set none)."""

    label: str
    year: int
    category: str
    women: int
    total: int
    target: Decimal | None = None

    @property
    def percent(self) -> float | None:
        return 100 * self.women / self.total if self.total else None

    @property
    def meets_target(self) -> bool | None:
        """Whether the share reaches the target (None without a target or without anyone counted)."""
        if self.target is None or self.percent is None:
            return None
        return self.percent >= float(self.target)

    @property
    def category_label(self) -> str:
        return str(PersonnelCategory(self.category).label) if self.category else str(_("All uniformed personnel"))


def plain(share: Decimal) -> Decimal:
    """A share without trailing zeros (17.50 -> 17.5, 10.00 -> 10)."""
    return share.quantize(Decimal(1)) if share == share.to_integral_value() else share.normalize()


def targets_of(mission) -> dict[tuple[int, str], Decimal]:
    """The mission's targets: (year, personnel category) -> share in %."""
    return {(t.year, t.personnel_category): plain(t.share) for t in GenderTarget.objects.filter(mission=mission)}


# --- the UN's published contributions -------------------------------------------------------------------------
def _yearly(user, mission):
    return (Contribution.objects.visible_to(user)
            .filter(mission=mission, month__isnull=True).exclude(un_mission=""))


def all_personnel(user, mission, un_mission: str | None = None) -> list[Share]:
    """Women's share of all uniformed personnel by UN mission (`label`) and year, in one grouped query: each
    country's row for all uniformed personnel, or the sum of its rows by category when it has no such row."""
    yearly = _yearly(user, mission)
    if un_mission:
        yearly = yearly.filter(un_mission=un_mission)
    country_total = yearly.filter(personnel_category="", country=OuterRef("country"),
                                  un_mission=OuterRef("un_mission"), year=OuterRef("year"))
    counted = yearly.filter(Q(personnel_category="") | ~Exists(country_total))
    rows = counted.values("un_mission", "year").annotate(women=Sum("female"), men=Sum("male"))
    return [Share(row["un_mission"], row["year"], "", row["women"], row["women"] + row["men"]) for row in rows]


def contribution_shares(user, mission, un_mission: str | None = None) -> list[Share]:
    """Women's share by UN mission (`label`) and year: all uniformed personnel (category "", see
    `all_personnel`) and, where the table gives them, each personnel category against the mission's target.
    Sorted by UN mission, year, category."""
    shares = all_personnel(user, mission, un_mission)
    by_category = _yearly(user, mission).exclude(personnel_category="")
    if un_mission:
        by_category = by_category.filter(un_mission=un_mission)
    targets = targets_of(mission)
    for row in (by_category.values("un_mission", "year", "personnel_category")
                .annotate(women=Sum("female"), men=Sum("male"))):
        shares.append(Share(row["un_mission"], row["year"], row["personnel_category"], row["women"],
                            row["women"] + row["men"], targets.get((row["year"], row["personnel_category"]))))
    return sorted(shares, key=lambda s: (s.label, s.year, s.category))


def un_missions(user, mission) -> list[str]:
    """The UN missions the user's visible yearly contributions name, alphabetically."""
    return sorted(set(_yearly(user, mission).values_list("un_mission", flat=True).distinct()))


def by_year(shares: list[Share]) -> list[Share]:
    """All uniformed personnel of every UN mission given, added up by year (label ""), oldest first."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for share in shares:
        if not share.category:
            totals[share.year][0] += share.women
            totals[share.year][1] += share.total
    return [Share("", year, "", women, total) for year, (women, total) in sorted(totals.items())]


# --- the mission's own units -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitYear:
    """One unit's deployed strength at the latest `as_of` of a year (all rank categories)."""

    unit_id: int
    unit: str
    unit_type: str
    contingent: str
    year: int
    as_of: object
    women: int
    total: int
    authorised: int

    @property
    def category(self) -> str:
        return category_of(self.unit_type)


def contingent_names(user, ids) -> dict[int, str]:
    """Names of the contingents among `ids` the user may see."""
    return dict(Contingent.objects.visible_to(user).filter(pk__in=list(ids)).values_list("pk", "name"))


def unit_years(user, mission) -> list[UnitYear]:
    """Every visible unit's strength at the latest `as_of` of each year it has strengths in."""
    units = Unit.objects.visible_to(user).filter(mission=mission)
    info = {pk: (name, unit_type, contingent_id) for pk, name, unit_type, contingent_id
            in units.values_list("pk", "name", "unit_type", "contingent_id")}
    names = contingent_names(user, {c for _n, _t, c in info.values()})
    dated: dict[tuple[int, object], list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = UnitStrength.objects.filter(unit__in=units).values_list("unit_id", "as_of", "gender", "deployed",
                                                                   "authorised")
    for unit_id, as_of, gender, deployed, authorised in rows:
        counts = dated[(unit_id, as_of)]
        counts[0] += deployed if gender == Gender.FEMALE else 0
        counts[1] += deployed
        counts[2] += authorised
    latest: dict[tuple[int, int], object] = {}
    for unit_id, as_of in dated:
        key = (unit_id, as_of.year)
        if key not in latest or as_of > latest[key]:
            latest[key] = as_of
    result = []
    for (unit_id, year), as_of in sorted(latest.items()):
        name, unit_type, contingent_id = info[unit_id]
        women, total, authorised = dated[(unit_id, as_of)]
        result.append(UnitYear(unit_id, name, unit_type, names.get(contingent_id, str(HIDDEN_CONTINGENT)), year,
                               as_of, women, total, authorised))
    return result


def _added(groups: dict, targets: dict) -> list[Share]:
    shares = [Share(label, year, category, counts[0], counts[1], targets.get((year, category)))
              for (label, year, category), counts in groups.items()]
    return sorted(shares, key=lambda s: (s.year, s.category, s.label))


def _group(years: list[UnitYear], label_of, targets: dict) -> list[Share]:
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in years:
        counts = groups[(label_of(row), row.year, row.category)]
        counts[0] += row.women
        counts[1] += row.total
    return _added(groups, targets)


def by_contingent(years: list[UnitYear], targets: dict) -> list[Share]:
    """Women's share by contingent, personnel category and year."""
    return _group(years, lambda row: row.contingent, targets)


def by_unit_type(years: list[UnitYear], targets: dict) -> list[Share]:
    """Women's share by unit type (its personnel category's target) and year."""
    labels = dict(UnitType.choices)
    return _group(years, lambda row: str(labels.get(row.unit_type, row.unit_type)), targets)


def by_category(years: list[UnitYear], targets: dict, year: int | None = None) -> list[Share]:
    """Women's share by personnel category and year (of `year` only when given), every category of that year
    listed even without units, so that a target with nobody counted shows."""
    shares = _group([r for r in years if year is None or r.year == year], lambda row: "", targets)
    if year is not None:
        present = {s.category for s in shares}
        shares += [Share("", year, c, 0, 0, targets.get((year, c))) for c in PersonnelCategory.values
                   if c not in present]
        shares.sort(key=lambda s: PersonnelCategory.values.index(s.category))
    return shares

"""The dashboard's women, peace and security section, for who may view contributions (`force.contribution.view`)
in the mission:

- the women's share of uniformed personnel by year from the UN's published contributions (`force.wps`),
  following the UN mission of the mission's code when the contributions name it, otherwise all UN missions
  together. The UN's table gives all uniformed personnel together, and the mission's targets are set per
  personnel category, so this chart has no target marks;
- for who may also view units (`force.unit.view`), this year's share per personnel category in the mission's
  own units against that category's target (a black mark; a bar below its target orange), as on /force/.

The force registry's own page (/force/wps/) has every table."""

from django.utils import timezone

from peaceops.core.kit.permissions import has_perm
from peaceops.force.charts import category_chart, year_chart
from peaceops.force.wps import all_personnel, by_category, by_year, targets_of, unit_years

CONTRIBUTION_VIEW = "force.contribution.view"
UNIT_VIEW = "force.unit.view"


def this_year() -> int:
    return timezone.now().year


def _categories(user, mission) -> dict:
    """This year's shares per personnel category against the targets (nothing when no unit counts anyone this
    year and no target is set for it)."""
    year = this_year()
    categories = by_category(unit_years(user, mission), targets_of(mission), year)
    if not any(s.total or s.target is not None for s in categories):
        return {}
    return {"categories": categories, "category_chart": category_chart(categories), "category_year": year}


def wps_section(user, mission) -> dict:
    """`wps` for the template (nothing for who may not view contributions)."""
    if not has_perm(user, mission.pk, CONTRIBUTION_VIEW):
        return {}
    shares = all_personnel(user, mission)  # one grouped query
    chosen = mission.code if any(s.label == mission.code for s in shares) else ""
    years = by_year([s for s in shares if not chosen or s.label == chosen])
    return {"wps": {"un_mission": chosen, "years": years, "chart": year_chart(years),
                    "latest": years[-1] if years else None,
                    **(_categories(user, mission) if has_perm(user, mission.pk, UNIT_VIEW) else {})}}

"""The dashboard's women, peace and security section: the women's share of uniformed personnel by year from the
UN's published contributions (`force.wps`), for who may view contributions (`force.contribution.view`) in the
mission; the chart follows the UN mission of the mission's code when the contributions name it, otherwise all
UN missions together. The force registry's own page (/force/wps/) has every table."""

from peaceops.core.kit.permissions import has_perm
from peaceops.force.charts import year_chart
from peaceops.force.wps import all_personnel, by_year

CONTRIBUTION_VIEW = "force.contribution.view"


def wps_section(user, mission) -> dict:
    """`wps` for the template (nothing for who may not view contributions)."""
    if not has_perm(user, mission.pk, CONTRIBUTION_VIEW):
        return {}
    shares = all_personnel(user, mission)  # one grouped query
    chosen = mission.code if any(s.label == mission.code for s in shares) else ""
    years = by_year([s for s in shares if not chosen or s.label == chosen])
    return {"wps": {"un_mission": chosen, "years": years, "chart": year_chart(years),
                    "latest": years[-1] if years else None}}

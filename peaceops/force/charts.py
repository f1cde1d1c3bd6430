"""The women's share chart as plain geometry for an inline SVG drawn by a template (no chart library, no script,
no inline style: SVG presentation attributes only). One bar per group (a year, a personnel category), its
height the share of women, a dark mark across it at the group's target. The SVG scales to its box (viewBox):
at 390 px wide its labels stay readable. The geometry is the kit's bar chart (`core.kit.charts`)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit import charts

from .choices import PersonnelCategory

BAR_COLOUR = charts.BAR_COLOUR
BELOW_COLOUR = charts.WARNING_COLOUR
#: Short names of the personnel categories, under a chart's bars.
SHORT = {PersonnelCategory.MILITARY_CONTINGENT: _("Military"),
         PersonnelCategory.STAFF_OFFICERS_OBSERVERS: _("Staff, obs."),
         PersonnelCategory.FORMED_POLICE: _("FPU"), PersonnelCategory.INDIVIDUAL_POLICE: _("IPO")}
ShareChart = charts.BarChart


def _top(values: list[float]) -> int:
    """The top of the y axis in %: the next multiple of 10 above every value (at least 10, at most 100)."""
    highest = max(values, default=0)
    return min(100, max(10, int(highest // 10 + 1) * 10))


def share_chart(shares, label_of) -> ShareChart:
    """Bars for `shares` (objects with `percent` and `target`), labelled `label_of(share)`; groups with nobody
    counted are left out. A bar below its target is drawn in the warning colour (the kit's bar chart draws)."""
    shares = [s for s in shares if s.percent is not None]
    values = [s.percent for s in shares] + [float(s.target) for s in shares if s.target is not None]
    data = []
    for share in shares:
        title = f"{label_of(share)}: {share.percent:.1f} %"
        if share.target is not None:
            title += " " + gettext("(target %(share)s %%)") % {"share": share.target}
        data.append(charts.Datum(label_of(share), share.percent, title,
                                 None if share.target is None else float(share.target),
                                 BELOW_COLOUR if share.meets_target is False else BAR_COLOUR))
    return charts.bar_chart(data, top=_top(values), tick_label=lambda v: f"{round(v)} %")


def category_chart(shares) -> ShareChart:
    """One bar per personnel category (short names under the bars)."""
    return share_chart(shares, lambda s: str(SHORT.get(s.category, s.category)))


def year_chart(shares) -> ShareChart:
    """One bar per year."""
    return share_chart(shares, lambda s: str(s.year))

"""The women's share chart as plain geometry for an inline SVG drawn by a template (no chart library, no script,
no inline style: SVG presentation attributes only). One bar per group (a year, a personnel category), its
height the share of women, a dark mark across it at the group's target. The SVG scales to its box (viewBox):
at 390 px wide its labels stay readable."""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import PersonnelCategory

WIDTH, HEIGHT = 390, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 6, 10, 30
BAR_COLOUR = "#0072B2"
BELOW_COLOUR = "#E69F00"
TARGET_COLOUR = "#000000"
#: Short names of the personnel categories, under a chart's bars.
SHORT = {PersonnelCategory.MILITARY_CONTINGENT: _("Military"),
         PersonnelCategory.STAFF_OFFICERS_OBSERVERS: _("Staff, obs."),
         PersonnelCategory.FORMED_POLICE: _("FPU"), PersonnelCategory.INDIVIDUAL_POLICE: _("IPO")}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str
    title: str
    target_y: float | None

    @property
    def right(self) -> float:
        return round(self.x + self.width, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class ShareChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    left: float
    right: float
    baseline: float

    @property
    def label_y(self) -> float:
        return self.height - 12

    @property
    def tick_x(self) -> float:
        return self.left - 4

    @property
    def empty(self) -> bool:
        return not self.bars


def _top(values: list[float]) -> int:
    """The top of the y axis in %: the next multiple of 10 above every value (at least 10, at most 100)."""
    highest = max(values, default=0)
    return min(100, max(10, int(highest // 10 + 1) * 10))


def share_chart(shares, label_of) -> ShareChart:
    """Bars for `shares` (objects with `percent` and `target`), labelled `label_of(share)`; groups with nobody
    counted are left out. A bar below its target is drawn in the warning colour."""
    shares = [s for s in shares if s.percent is not None]
    values = [s.percent for s in shares] + [float(s.target) for s in shares if s.target is not None]
    top = _top(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h
    slot = plot_w / max(len(shares), 1)
    bars = []
    for i, share in enumerate(shares):
        height = round(share.percent / top * plot_h, 1)
        target_y = None if share.target is None else round(baseline - float(share.target) / top * plot_h, 1)
        below = share.meets_target is False
        title = f"{label_of(share)}: {share.percent:.1f} %"
        if share.target is not None:
            title += " " + gettext("(target %(share)s %%)") % {"share": share.target}
        bars.append(Bar(round(LEFT + i * slot + slot * 0.15, 1), round(baseline - height, 1), round(slot * 0.7, 1),
                        height, BELOW_COLOUR if below else BAR_COLOUR, label_of(share), title, target_y))
    ticks = [Tick(round(baseline - f * plot_h, 1), f"{round(top * f)} %") for f in (0, 0.5, 1)]
    return ShareChart(WIDTH, HEIGHT, bars, ticks, LEFT, WIDTH - RIGHT, baseline)


def category_chart(shares) -> ShareChart:
    """One bar per personnel category (short names under the bars)."""
    return share_chart(shares, lambda s: str(SHORT.get(s.category, s.category)))


def year_chart(shares) -> ShareChart:
    """One bar per year."""
    return share_chart(shares, lambda s: str(s.year))

"""A bar chart as plain geometry for an inline SVG drawn by a template (no chart library, no script, no inline
style: SVG presentation attributes only, which the CSP allows). One bar per datum (a label and a value), with an
optional mark across it at a target; a suppressed datum (a count too small to show) is drawn as a hatched bar up
to its ceiling (e.g. "fewer than 5": up to 5), never at its value. The SVG scales to its box (viewBox): at 390
px wide its labels stay readable. Templates: kit/_bar_chart.html (counts, hatched bars) and any app's own.
"""

from collections.abc import Callable
from dataclasses import dataclass

WIDTH, HEIGHT = 390, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 6, 10, 30
BAR_COLOUR = "#0072B2"
WARNING_COLOUR = "#E69F00"
HATCH_COLOUR = "#5b6875"


@dataclass(frozen=True)
class Datum:
    """One bar to draw: `value` (None: suppressed, drawn hatched up to `ceiling`), its `title` (the tooltip;
    by default "label: value"), an optional `target` drawn as a mark, and its colour."""

    label: str
    value: float | None
    title: str = ""
    target: float | None = None
    colour: str = BAR_COLOUR
    ceiling: float | None = None


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
    suppressed: bool = False

    @property
    def right(self) -> float:
        return round(self.x + self.width, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
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

    @property
    def has_suppressed(self) -> bool:
        return any(bar.suppressed for bar in self.bars)

    @property
    def has_targets(self) -> bool:
        """Whether any bar carries a target mark (a chart's legend names the marks only then)."""
        return any(bar.target_y is not None for bar in self.bars)


def nice_top(value: float) -> int:
    """The top of a count axis: an even round number at least `value` (at least 2, so its half is whole)."""
    step = 1
    while True:
        for multiple in (2, 4, 6, 8, 10):
            if value <= multiple * step:
                return multiple * step
        step *= 10


def bar_chart(
    data: list[Datum], *, top: float | None = None, tick_label: Callable[[float], str] = lambda v: f"{v:g}"
) -> BarChart:
    """Bars for `data`, the y axis from 0 to `top` (default: `nice_top` of the highest value, target or
    ceiling), ticks at 0, half and the top labelled `tick_label(value)`."""
    heights = [d.value if d.value is not None else (d.ceiling or 0) for d in data]
    if top is None:
        top = nice_top(max(heights + [d.target for d in data if d.target is not None], default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h
    slot = plot_w / max(len(data), 1)
    bars = []
    for i, (datum, value) in enumerate(zip(data, heights, strict=True)):
        height = round(min(value, top) / top * plot_h, 1) if top else 0
        target_y = (
            None if datum.target is None else round(baseline - min(datum.target, top) / top * plot_h, 1)
        )
        title = datum.title or f"{datum.label}: {datum.value:g}"
        bars.append(
            Bar(
                round(LEFT + i * slot + slot * 0.15, 1),
                round(baseline - height, 1),
                round(slot * 0.7, 1),
                height,
                datum.colour,
                datum.label,
                title,
                target_y,
                datum.value is None,
            )
        )
    ticks = [Tick(round(baseline - f * plot_h, 1), tick_label(top * f)) for f in (0, 0.5, 1)]
    return BarChart(WIDTH, HEIGHT, bars, ticks, LEFT, WIDTH - RIGHT, baseline)

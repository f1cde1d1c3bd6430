"""Stacked weekly bar charts as plain geometry for an inline SVG drawn by the template (no chart library,
no script, no inline style: colours are SVG presentation attributes, which the CSP allows)."""

from dataclasses import dataclass

#: Colours of the category groups, in order (colour-blind-safe Okabe-Ito, then greys for the rest).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
OTHER_COLOUR = "#9AA5B1"
MAX_SERIES = len(PALETTE)

WIDTH, HEIGHT = 780, 220
#: The same chart shaped for a phone held upright (drawn beside the wide one, shown below 40rem): narrower and
#: taller, so that its bars and labels stay readable at 320-390 CSS px, with a date every 8 weeks.
PHONE = {"width": 390, "height": 260, "tick_every": 8}
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Tick:
    """An axis label: a number (y axis) or the Monday of a week (x axis, formatted by the template)."""

    x: float
    y: float
    label: object


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    legend: list[tuple[str, str]]
    maximum: int
    baseline: float
    left: float
    right: float


def _nice_maximum(value: int) -> int:
    """The top of the y axis: an even round number at least `value` (so that its half is a whole number)."""
    step = 1
    while True:
        for multiple in (2, 4, 6, 8, 10):
            if value <= multiple * step:
                return multiple * step
        step *= 10


def stacked_weekly(weekly, measure: str, other_label: str, *, width: int = WIDTH, height: int = HEIGHT,
                   tick_every: int = 4) -> Chart:
    """One bar per week, stacked by category group (`measure`: "incidents" or "fatalities"), drawn in a
    `width` x `height` box (its viewBox: the page scales it to the screen), a date under every `tick_every`-th
    week."""
    series = sorted(weekly.series, key=lambda s: -sum(getattr(s, measure)))
    shown, rest = series[: MAX_SERIES - 1], series[MAX_SERIES - 1:]
    if len(rest) == 1:
        shown, rest = series, []
    stacks = [(s.name, PALETTE[i], getattr(s, measure)) for i, s in enumerate(shown)]
    if rest:
        merged = [sum(getattr(s, measure)[w] for s in rest) for w in range(len(weekly.weeks))]
        stacks.append((other_label, OTHER_COLOUR, merged))
    totals = [sum(values[w] for _, _, values in stacks) for w in range(len(weekly.weeks))]
    maximum = _nice_maximum(max(totals, default=0))
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / max(len(weekly.weeks), 1)
    bars: list[Bar] = []
    for w, week in enumerate(weekly.weeks):
        y = TOP + plot_h
        for name, colour, values in stacks:
            if values[w]:
                h = values[w] / maximum * plot_h
                y -= h
                bars.append(Bar(round(LEFT + w * slot + 1, 1), round(y, 1), round(slot - 2, 1), round(h, 1), colour,
                                f"{week.isoformat()}: {name} {values[w]}"))
    x_ticks = [Tick(round(LEFT + w * slot + slot / 2, 1), height - 10, week)
               for w, week in enumerate(weekly.weeks) if w % tick_every == 0]
    y_ticks = [Tick(LEFT - 6, round(TOP + plot_h - f * plot_h, 1) + 4, str(int(maximum * f)))
               for f in (0, 0.5, 1)]
    legend = [(name, colour) for name, colour, values in stacks if any(values)]
    return Chart(width, height, bars, x_ticks, y_ticks, legend, maximum, TOP + plot_h, LEFT, width - RIGHT)

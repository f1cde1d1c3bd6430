"""A small bar chart as plain geometry for an inline SVG drawn by a template (no chart library, no script, no
inline style: the CSP allows SVG presentation attributes). The SVG scales to its box (viewBox), so it fits a
phone's width."""

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 90
LEFT, TOP, BOTTOM = 26, 6, 4
COLOUR = "#0072B2"
FLAG_COLOUR = "#D55E00"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    maximum: int
    top: float
    baseline: float
    left: float


def _top_of(value: int) -> int:
    """The top of the y axis: a round number at least `value` (at least 1)."""
    step = 1
    while True:
        for multiple in (1, 2, 5, 10):
            if value <= multiple * step:
                return multiple * step
        step *= 10


def bars(series: list[int], flag_last: bool = False) -> BarChart:
    """One bar per period; the last bar in the flag colour when the period is flagged as unusual."""
    maximum = _top_of(max(series, default=0))
    baseline = HEIGHT - BOTTOM
    plot = baseline - TOP
    slot = (WIDTH - LEFT) / max(len(series), 1)
    drawn = []
    for i, value in enumerate(series):
        height = round(plot * value / maximum, 2)
        colour = FLAG_COLOUR if flag_last and i == len(series) - 1 else COLOUR
        drawn.append(Bar(x=round(LEFT + i * slot + slot * 0.1, 2), y=round(baseline - height, 2),
                         width=round(slot * 0.8, 2), height=height, colour=colour, value=value))
    return BarChart(width=WIDTH, height=HEIGHT, bars=drawn, maximum=maximum, top=TOP, baseline=baseline, left=LEFT)

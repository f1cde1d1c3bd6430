"""Small-cell suppression of a table of counts: which cells (and totals) to hide so that no count under the
threshold shows, and none hidden can be worked out from what shows.

A table is a set of counts (its cells and its totals, each under a key) and its lines: "these cells add up to
that total" (a one-way table has one line; a two-way table one per row, one per column, and the row totals
and the column totals each add up to the grand total).

1. Primary suppression: every count under the threshold N is hidden (`SMALL`), 0 as well (so 0 and 1 never
   differ), totals too.
2. Complementary suppression: a reader sees every shown count and that the others are hidden, all alike (a
   reader never learns which hidden count is small: a count hidden only to protect others, `COMPLEMENTARY`, is
   shown the same way, so "hidden" tells only "0 or more"). `audit` works out, from the lines, the smallest and
   largest value each hidden count can have (interval propagation, exact for a one-way table); while one is
   pinned to a single value, the next smallest shown count of its line is hidden as well (the line's total when
   none is left), and the audit runs again.

With a threshold of 1 or less nothing is hidden (the mission chose to show every count).
"""

import math
from collections.abc import Hashable, Sequence

SMALL = "small"
COMPLEMENTARY = "complementary"

Key = Hashable
#: A line: the keys of counts that add up to the count under the last key.
Line = tuple[Sequence[Key], Key]


def protect(
    values: dict[Key, int], lines: Sequence[Line], threshold: int, order: Sequence[Key] | None = None
) -> dict[Key, str]:
    """The hidden counts: key -> SMALL or COMPLEMENTARY (keys not in it are shown). `order` breaks ties
    between equal counts (default: the order of `values`)."""
    if threshold <= 1:
        return {}
    rank = {key: i for i, key in enumerate(order or values)}
    hidden = {key: SMALL for key, value in values.items() if value < threshold}
    while True:
        bounds = audit(values, hidden, lines)
        pinned = [key for key in sorted(hidden, key=rank.__getitem__) if bounds[key][0] == bounds[key][1]]
        if not pinned:
            return hidden
        more = _next_to_hide(pinned[0], values, hidden, lines, rank)
        if more is None:  # everything around it is hidden already: nothing more to do
            return hidden
        hidden[more] = COMPLEMENTARY


def _next_to_hide(key, values, hidden, lines, rank):
    """The next smallest shown cell of the line through `key` that hides the fewest counts (the one that gives
    `key` away, as a rule); its total when none is left; else any shown count of the lines around."""
    around = [line for line in lines if key in line[0] or key == line[1]]
    around.sort(key=lambda line: sum(k in hidden for k in (*line[0], line[1])))
    for members, total in around:
        shown = [m for m in members if m not in hidden]
        if shown:
            return min(shown, key=lambda m: (values[m], rank[m]))
        if total not in hidden:
            return total
    near = {k for members, total in around for k in (*members, total)}
    shown = [
        k
        for members, total in lines
        if near & {*members, total}
        for k in (*members, total)
        if k not in hidden
    ]
    return min(shown, key=lambda k: (values[k], rank[k])) if shown else None


def audit(
    values: dict[Key, int], hidden: dict[Key, str], lines: Sequence[Line], rounds: int = 100
) -> dict[Key, tuple[float, float]]:
    """What a reader can work out: the smallest and largest value of each count, from the shown counts, the
    hidden ones being 0 or more, and the lines (each line's sum, tightened in turn until nothing changes)."""
    bounds: dict[Key, tuple[float, float]] = {}
    for key, value in values.items():
        bounds[key] = (0, math.inf) if key in hidden else (value, value)
    for _round in range(rounds):
        changed = False
        for members, total in lines:
            lows = [bounds[m][0] for m in members]
            highs = [bounds[m][1] for m in members]
            low_sum, high_sum = sum(lows), sum(highs)
            changed |= _narrow(bounds, total, low_sum, high_sum)
            t_low, t_high = bounds[total]
            for member, low, high in zip(members, lows, highs, strict=True):
                others_low, others_high = (
                    low_sum - low,
                    high_sum - high if high != math.inf else _sum_but(highs, high),
                )
                changed |= _narrow(bounds, member, t_low - others_high, t_high - others_low)
        if not changed:
            break
    return bounds


def _sum_but(highs: list[float], one: float) -> float:
    """The sum of `highs` without one `one` (an infinite one)."""
    rest = list(highs)
    rest.remove(one)
    return sum(rest)


def _narrow(bounds, key, low, high) -> bool:
    old_low, old_high = bounds[key]
    new = (max(old_low, math.ceil(low) if low != -math.inf else old_low), min(old_high, high))
    if new != (old_low, old_high):
        bounds[key] = new
        return True
    return False

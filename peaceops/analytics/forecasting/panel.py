"""A panel: the monthly target (fatalities or incident counts) of every unit, as a units x months array.

Events that span several months (date precision, or a long battle) are split evenly over the months from
their start to their end; fatalities are split into whole numbers by the largest remainder (earliest months
first), so that a unit's total equals the sum of its events' best estimates. Incident counts are split as
fractions (1/n per month). The method is documented in docs/forecasting.md.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Panel:
    """Monthly targets: `values[u, m]` for unit `units[u]` in ViEWS month `first_month + m`."""

    units: np.ndarray
    first_month: int
    values: np.ndarray

    @property
    def months(self) -> np.ndarray:
        return np.arange(self.first_month, self.first_month + self.values.shape[1])

    def column(self, mid: int) -> int:
        """Column index of a month id."""
        index = int(mid) - self.first_month
        if not 0 <= index < self.values.shape[1]:
            raise IndexError(f"month {mid} is outside the panel")
        return index


def spread_over_months(start_month, end_month, amount, whole: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each event's amount over the months it spans; returns (event index, month, share) arrays."""
    start_month = np.asarray(start_month, dtype=np.int64)
    end_month = np.maximum(np.asarray(end_month, dtype=np.int64), start_month)
    amount = np.asarray(amount, dtype=float)
    span = end_month - start_month + 1
    event = np.repeat(np.arange(len(span)), span)
    offset = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
    month = start_month[event] + offset
    if whole:
        base = np.floor(amount / span)
        remainder = np.round(amount - base * span).astype(np.int64)
        share = base[event] + (offset < remainder[event])
    else:
        share = (amount / span)[event]
    return event, month, share


def build_panel(unit_of_event, start_month, end_month, amount, units, first_month: int, last_month: int,
                whole: bool = True) -> Panel:
    """Sum events into a units x months panel; events outside the units or the months are left out."""
    units = np.asarray(units)
    event, month, share = spread_over_months(start_month, end_month, amount, whole)
    unit_of_event = np.asarray(unit_of_event)
    order = np.argsort(units)
    positions = np.searchsorted(units[order], unit_of_event[event])
    positions = np.clip(positions, 0, len(units) - 1)
    known = units[order][positions] == unit_of_event[event]
    inside = known & (month >= first_month) & (month <= last_month)
    values = np.zeros((len(units), last_month - first_month + 1))
    np.add.at(values, (order[positions[inside]], month[inside] - first_month), share[inside])
    return Panel(units=units, first_month=first_month, values=values)

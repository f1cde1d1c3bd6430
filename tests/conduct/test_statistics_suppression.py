"""Small-cell suppression (`conduct.statistics_suppression`), without a database: for one-way tables, a property
test that no hidden count can be worked out from what shows (worked out by brute force here, independently of the
module's own audit); for a two-way table, an example checked by hand."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from peaceops.conduct.statistics_suppression import COMPLEMENTARY, SMALL, audit, protect


def one_way(cells: list[int], threshold: int) -> tuple[dict, dict]:
    values = {i: c for i, c in enumerate(cells)}
    values["total"] = sum(cells)
    return values, protect(values, [(list(range(len(cells))), "total")], threshold)


def possible_values(values: dict, hidden: dict, cap: int) -> dict:
    """Every value each hidden count can take, by trying every table a reader could believe (each hidden count
    0..cap: small and complementary counts are hidden alike) against the shown counts and the total."""
    keys = list(hidden)
    ranges = [range(0, cap + 1) for k in keys]
    found = {k: set() for k in keys}
    for guess in itertools.product(*ranges):
        table = {**values, **dict(zip(keys, guess, strict=True))}
        if sum(table[k] for k in table if k != "total") == table["total"]:
            for k, v in zip(keys, guess, strict=True):
                found[k].add(v)
    return found


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.integers(0, 9), min_size=1, max_size=3), threshold=st.integers(2, 6))
def test_no_hidden_count_of_a_one_way_table_can_be_worked_out(cells, threshold):
    values, hidden = one_way(cells, threshold)
    for key, value in values.items():
        if value < threshold:  # every count under the threshold, 0 included, is hidden as small
            assert hidden.get(key) == SMALL, (cells, hidden)
        elif key in hidden:
            assert hidden[key] == COMPLEMENTARY
    shown = {k: v for k, v in values.items() if k not in hidden}
    cap = 9 * len(cells)  # no count is above it (a reader would only widen the ranges)
    found = possible_values(shown, hidden, cap)
    for key, possible in found.items():
        assert values[key] in possible
        assert len(possible) >= 2, (
            f"{key} of {cells} (threshold {threshold}) is pinned to {possible}: {hidden}"
        )


def test_one_small_cell_takes_the_next_smallest_with_it():
    values, hidden = one_way([3, 10, 12], 5)
    assert hidden == {0: SMALL, 1: COMPLEMENTARY}  # 3 hidden; 10 too, else the total (25) gives 3 back


def test_a_total_that_would_give_the_cells_back_is_hidden():
    values, hidden = one_way([0, 5], 5)
    assert hidden == {0: SMALL, 1: COMPLEMENTARY}  # the total 5: 0 + 5, 1 + 4, ... (hidden counts look alike)


def test_hidden_zeros_with_a_shown_total_take_a_larger_count_with_them():
    values, hidden = one_way([0, 0, 7], 5)
    assert hidden == {0: SMALL, 1: SMALL, 2: COMPLEMENTARY}  # 0 + 0 = 7 - 7 would pin both zeros


def test_a_threshold_of_one_hides_nothing():
    assert one_way([0, 1, 2], 1)[1] == {}


def test_a_two_way_table_checked_by_hand():
    """Years 2024, 2025 by military (M), police (P), civilian (C), threshold 3:

             M   P   C | total
      2024   6   2   5 |  13
      2025   4   7   0 |  11
      total 10   9   5 |  24

    Small: P2024 (2) and C2025 (0). P2024 is alone hidden in its row and in its column; the column P hides the
    fewest, so its next smallest goes: P2025 (7). Row 2024 still gives P2024 away (13 - 6 - 5): its next smallest,
    C2024 (5), goes. Now P2024 = t, C2024 = 7 - t, P2025 = 9 - t, C2025 = t - 2 keep every total for t from 2 to
    7: P2024 is 2 to 7, C2024 0 to 5 to a reader; M and every total (3 or more) show."""
    years, kinds = (2024, 2025), "MPC"
    grid = {(2024, "M"): 6, (2024, "P"): 2, (2024, "C"): 5, (2025, "M"): 4, (2025, "P"): 7, (2025, "C"): 0}
    values = {("cell", y, k): grid[(y, k)] for y in years for k in kinds}
    values.update({("row", y): sum(grid[(y, k)] for k in kinds) for y in years})
    values.update({("column", k): sum(grid[(y, k)] for y in years) for k in kinds})
    values[("total",)] = 24
    lines = [([("cell", y, k) for k in kinds], ("row", y)) for y in years]
    lines += [([("cell", y, k) for y in years], ("column", k)) for k in kinds]
    lines += [([("row", y) for y in years], ("total",)), ([("column", k) for k in kinds], ("total",))]
    hidden = protect(values, lines, 3)
    assert hidden == {
        ("cell", 2024, "P"): SMALL,
        ("cell", 2025, "C"): SMALL,
        ("cell", 2025, "P"): COMPLEMENTARY,
        ("cell", 2024, "C"): COMPLEMENTARY,
    }
    bounds = audit(values, hidden, lines)
    assert bounds[("cell", 2024, "P")] == (2, 7) and bounds[("cell", 2025, "P")] == (2, 7)
    assert bounds[("cell", 2024, "C")] == (0, 5) and bounds[("cell", 2025, "C")] == (0, 5)

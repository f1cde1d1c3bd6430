"""Covariates for the forecast model: unit x month x feature arrays aligned with a panel's columns.

Every value at month column t summarises only events that were over by the end of month t (an event counts
from its `date_end` month on, even when its fatalities are spread over earlier months in the panel), so a
model that reads the covariates at its origin sees nothing after the origin (tested in
tests/analytics/test_forecast_model.py). Built from UCDP GED columns:

- actors: per unit, the number of distinct actors (GED `side_a` / `side_b`, civilians excluded) in events in
  the unit in the last 3 and 12 months; country-wide, the number of distinct actors in the last 12 months and
  of actors first seen (in the file) in the last 12 months;
- events: per unit, the number of events (not fatalities) in the last 3 and 12 months (log1p), and the share
  of the unit's fatalities in the last 12 months from non-state (type 2) and one-sided (type 3) violence.
"""

import numpy as np

#: Names of the covariates, in the order of the last axis of `ged_covariates`.
NAMES = ("actors_3", "actors_12", "events_3", "events_12", "share_nonstate_12", "share_onesided_12",
         "country_actors_12", "country_new_actors_12")
#: GED's id for "Civilians" as side_b of one-sided violence: not an actor.
CIVILIANS = "1"


def _window(cumulative: np.ndarray, months: int) -> np.ndarray:
    """Sums over the last `months` columns (axis 1) from a cumulative sum along axis 1."""
    shifted = np.zeros_like(cumulative)
    shifted[:, months:] = cumulative[:, :-months]
    return cumulative - shifted


def ged_covariates(unit_of_event, end_month, units, first_month: int, n_months: int, *, side_a, side_b,
                   violence_type, fatalities) -> np.ndarray:
    """The covariates above, shape (len(units), n_months, len(NAMES)); events outside the units or the months
    are left out of per-unit values but count country-wide (an actor active anywhere in the file)."""
    units = np.asarray(units)
    unit_of_event = np.asarray(unit_of_event)
    column = np.asarray(end_month, dtype=np.int64) - first_month
    order = np.argsort(units)
    position = np.clip(np.searchsorted(units[order], unit_of_event), 0, len(units) - 1)
    unit_index = order[position]
    in_unit = units[order][position] == unit_of_event
    in_time = (column >= 0) & (column < n_months)
    fatalities = np.nan_to_num(np.asarray(fatalities, dtype=float))
    violence_type = np.asarray(violence_type).astype(str)

    # Actors: one row per (event, side), civilians and blanks left out.
    sides = np.concatenate([np.asarray(side_a).astype(str), np.asarray(side_b).astype(str)])
    event_of_side = np.concatenate([np.arange(len(column))] * 2)
    keep = (sides != CIVILIANS) & (sides != "") & (sides != "None") & in_time[event_of_side]
    sides, event_of_side = sides[keep], event_of_side[keep]
    actor_names, actor = np.unique(sides, return_inverse=True)
    n_actors = len(actor_names)

    shape = (len(units), n_months)
    out = np.zeros(shape + (len(NAMES),))
    # Per-unit actor presence: units x months x actors (small: tens of actors in a country).
    local = in_unit[event_of_side]
    presence = np.zeros((len(units), n_months, max(n_actors, 1)), dtype=np.int32)
    np.add.at(presence, (unit_index[event_of_side][local], column[event_of_side][local], actor[local]), 1)
    cumulative = np.cumsum(presence, axis=1)
    for k, months in enumerate((3, 12)):
        out[:, :, k] = (_window(cumulative, months) > 0).sum(axis=2)
    # Events and fatality shares per unit.
    counted = in_unit & in_time
    events = np.zeros(shape)
    np.add.at(events, (unit_index[counted], column[counted]), 1)
    cumulative_events = np.cumsum(events, axis=1)
    out[:, :, 2] = np.log1p(_window(cumulative_events, 3))
    out[:, :, 3] = np.log1p(_window(cumulative_events, 12))
    by_type = np.zeros((3,) + shape)
    for k, code in enumerate(("1", "2", "3")):
        chosen = counted & (violence_type == code)
        np.add.at(by_type[k], (unit_index[chosen], column[chosen]), fatalities[chosen])
    last_year = np.stack([_window(np.cumsum(b, axis=1), 12) for b in by_type])
    total = last_year.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out[:, :, 4] = np.where(total > 0, last_year[1] / total, 0)
        out[:, :, 5] = np.where(total > 0, last_year[2] / total, 0)
    # Country-wide: actors active in the last 12 months, and actors first seen in the last 12 months.
    country = np.zeros((max(n_actors, 1), n_months), dtype=np.int32)
    np.add.at(country, (actor, column[event_of_side]), 1)
    active = _window(np.cumsum(country, axis=1), 12) > 0
    first_seen = np.full(max(n_actors, 1), n_months)
    np.minimum.at(first_seen, actor, column[event_of_side])
    months = np.arange(n_months)
    new = (first_seen[:, None] <= months[None, :]) & (first_seen[:, None] > months[None, :] - 12)
    out[:, :, 6] = active.sum(axis=0)[None, :]
    out[:, :, 7] = new.sum(axis=0)[None, :]
    return out


def centroid_neighbours(unit_of_event, latitude, longitude, units, k: int = 4) -> list[np.ndarray]:
    """For admin units known only by name: each unit's k nearest units by the mean position of its events
    (a static stand-in for adjacency; units without located events get no neighbours)."""
    units = np.asarray(units)
    unit_of_event = np.asarray(unit_of_event)
    latitude, longitude = np.asarray(latitude, dtype=float), np.asarray(longitude, dtype=float)
    centres = np.full((len(units), 2), np.nan)
    for i, unit in enumerate(units):
        chosen = (unit_of_event == unit) & np.isfinite(latitude) & np.isfinite(longitude)
        if chosen.any():
            centres[i] = latitude[chosen].mean(), longitude[chosen].mean()
    located = np.isfinite(centres[:, 0])
    neighbours = []
    for i in range(len(units)):
        if not located[i]:
            neighbours.append(np.array([], dtype=int))
            continue
        distance = np.hypot(centres[:, 0] - centres[i, 0],
                            (centres[:, 1] - centres[i, 1]) * np.cos(np.radians(centres[i, 0])))
        distance[i] = np.inf
        distance[~located] = np.inf
        nearest = np.argsort(distance, kind="stable")[:k]
        neighbours.append(nearest[np.isfinite(distance[nearest])])
    return neighbours

"""Gi* hotspots: a value worked out by hand, an independent matrix computation, a planted cluster in random
background, and the API over incidents recorded through the service."""

import datetime as dt
import math

import h3
import numpy as np
import pytest

from peaceops.analytics.hotspots import gi_star, significant, study_area
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

CENTRE = h3.latlng_to_cell(42.9, 20.9, 7)


def test_one_isolated_cell_by_hand():
    """One cell with 6 incidents, its 6 neighbours with none: n = 7, mean 6/7, S = 6*sqrt(6)/7. A neighbour's
    disk holds itself, the centre and two other neighbours (W = 4): z = (6 - 4*6/7) / (S*sqrt((28-16)/6))
    = sqrt(3)/2. The centre's disk is the whole study area: no z."""
    scores = gi_star({CENTRE: 6})
    assert len(scores) == 7
    assert scores[CENTRE] is None
    for cell, z in scores.items():
        if cell != CENTRE:
            assert z == pytest.approx(math.sqrt(3) / 2)
    assert significant({CENTRE: 6}) == []


def _matrix_gi_star(counts: dict[str, int]) -> dict[str, float]:
    """Gi* written independently as matrices (numpy), over the same study area."""
    area = study_area({c: n for c, n in counts.items() if n})
    cells = sorted(area)
    index = {c: i for i, c in enumerate(cells)}
    x = np.array([area[c] for c in cells], dtype=float)
    w = np.zeros((len(cells), len(cells)))
    for c in cells:
        for j in h3.grid_disk(c, 1):
            if j in index:
                w[index[c], index[j]] = 1.0
    n = len(x)
    mean, s = x.mean(), x.std()
    wsum, w2sum = w.sum(axis=1), (w**2).sum(axis=1)
    z = (w @ x - mean * wsum) / (s * np.sqrt((n * w2sum - wsum**2) / (n - 1)))
    return {c: float(z[index[c]]) for c in cells}


def _planted(seed: int = 11) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    counts = {cell: int(rng.poisson(0.4)) for cell in h3.grid_disk(CENTRE, 9)}
    for cell in h3.grid_disk(CENTRE, 1):
        counts[cell] = 6 + int(rng.poisson(1))
    return counts


def test_gi_star_matches_an_independent_matrix_computation():
    counts = _planted()
    ours, theirs = gi_star(counts), _matrix_gi_star(counts)
    assert set(ours) == set(theirs)
    for cell, z in ours.items():
        assert z == pytest.approx(theirs[cell], abs=1e-9)


def test_a_planted_cluster_is_found_and_little_else():
    found = {h["cell"]: h for h in significant(_planted())}
    assert found[CENTRE]["confidence"] == 99
    cluster = set(h3.grid_disk(CENTRE, 1))
    assert cluster <= set(found)
    far = [c for c in found if h3.grid_distance(CENTRE, c) > 2]
    background = len(h3.grid_disk(CENTRE, 9)) - len(h3.grid_disk(CENTRE, 2))
    assert len(far) <= 0.05 * background


def test_no_incidents_no_hotspot():
    assert gi_star({}) == {}
    assert significant(dict.fromkeys(h3.grid_disk(CENTRE, 3), 0)) == []


def _record(people, mission, points, classification="PUBLIC"):
    when = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    for i, (lon, lat) in enumerate(points):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title=f"{classification} {i}", occurred_start=when, lon=lon, lat=lat,
                                           classification=classification))


@pytest.mark.django_db
def test_hotspots_api_finds_the_cluster_of_visible_incidents(client_as, people, mission):
    lat, lon = h3.cell_to_latlng(CENTRE)
    rng = np.random.default_rng(5)
    cluster = [(lon + 0.001 * (i % 3), lat) for i in range(12)]
    background = [(lon + rng.uniform(-0.4, 0.4), lat + rng.uniform(-0.3, 0.3)) for _ in range(25)]
    confidential = [(lon, lat)] * 4  # UNMIK's, not released: KFOR must not count them
    _record(people, mission, cluster + background)
    _record(people, mission, confidential, "CONFIDENTIAL")
    in_centre = sum(1 for x, y in cluster + background if h3.latlng_to_cell(y, x, 7) == CENTRE)

    params = {"mission": "UNMIK", "since": "2026-03-01", "until": "2026-03-15"}
    body = client_as(people["kfor"]).get("/api/v1/analytics/hotspots", params).json()
    assert body["total"] == 37
    assert body["resolution"] == 7
    found = {h["cell"]: h for h in body["hotspots"]}
    assert (found[CENTRE]["count"], found[CENTRE]["confidence"]) == (in_centre, 99)
    assert all(h3.grid_distance(CENTRE, cell) <= 2 for cell in found)

    watch = client_as(people["watch"]).get("/api/v1/analytics/hotspots", params).json()
    assert watch["total"] == 41
    assert {h["cell"]: h["count"] for h in watch["hotspots"]}[CENTRE] == in_centre + 4

    occupied = client_as(people["kfor"]).get("/api/v1/analytics/hotspots", {**params, "occupied": "true"}).json()
    assert occupied["hotspots"] and all(h["count"] > 0 for h in occupied["hotspots"])
    assert {h["cell"] for h in occupied["hotspots"]} == {h["cell"] for h in body["hotspots"] if h["count"]}

    outside = client_as(people["watch"]).get("/api/v1/analytics/hotspots", {**params, "until": "2026-03-10"})
    assert outside.json() == {**outside.json(), "total": 0, "hotspots": [], "study_cells": 0}

"""The 90% bootstrap intervals of forecast / benchmark ratios, shared by the in-house evaluation and the
scoring of external forecasts."""

import numpy as np
import pytest

from peaceops.analytics.forecasting.bootstrap import cluster_weights, ratio_interval


def test_two_units_by_hand():
    """Unit 0 scores 1 against 2, unit 1 scores 3 against 2: the ratio is 4/4 = 1. A resample draws unit 0
    twice (ratio 0.5, a quarter of the time), each once (1, half) or unit 1 twice (1.5, a quarter), so the 5%
    and 95% quantiles are 0.5 and 1.5."""
    weights = cluster_weights(2, draws=4000, seed=3)
    assert set(map(tuple, weights)) == {(2.0, 0.0), (1.0, 1.0), (0.0, 2.0)}
    assert ratio_interval([1, 3], [2, 2], [0, 1], weights) == (1.0, 0.5, 1.5)


def test_rows_of_a_unit_are_resampled_together():
    # The same two units, each split over two rows (months): the same ratio and interval.
    weights = cluster_weights(2, draws=4000, seed=3)
    assert ratio_interval([0.5, 0.5, 1, 2], [1, 1, 1, 1], [0, 0, 1, 1], weights) == (1.0, 0.5, 1.5)


def test_the_interval_holds_the_ratio_and_narrows_with_more_units():
    rng = np.random.default_rng(7)
    widths = []
    for units in (10, 40, 160, 640):
        other = rng.gamma(2.0, 1.0, units)
        own = other * rng.lognormal(np.log(0.8), 0.4, units)
        point, low, high = ratio_interval(own, other, np.arange(units), cluster_weights(units))
        assert low < point < high
        widths.append(high - low)
    assert widths == sorted(widths, reverse=True)
    assert widths[-1] < widths[0] / 2.5  # about 1/sqrt(n) (64 times the units: some 8 times narrower)


def test_an_undefined_ratio_has_no_interval():
    point, low, high = ratio_interval([1, 2], [0, 0], [0, 1], cluster_weights(2))
    assert np.isnan(point) and np.isnan(low) and np.isnan(high)


def test_the_in_house_evaluation_uses_it():
    from peaceops.analytics.forecasting import evaluate

    scores = evaluate.Scores()
    y = np.array([0.0, 3.0])
    scores.horizon.append(np.array([1, 1]))
    scores.unit.append(np.array([0, 1]))
    scores.observed.append(y)
    for model, samples in ((evaluate.MODEL, [[0, 1], [3, 3]]), ("conflictology_12", [[2, 2], [0, 0]]),
                           ("zero", [[0, 0], [0, 0]])):
        scores.add(model, np.array(samples, dtype=float), y)
    scores.finish()
    row = next(r for r in evaluate.ratios(scores, (1,), 2, boot=2000, seed=1)
               if r["horizon"] == "pooled" and r["score"] == "crps" and r["reference"] == "conflictology_12")
    # CRPS: model 0.25 and 0, conflictology 2 and 3: ratio 0.05; resamples give 0.125, 0.05 or 0.
    assert row["ratio"] == pytest.approx(0.25 / 5)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.0, 0.125))

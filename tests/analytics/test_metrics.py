"""The forecast scores agree with independent implementations (properscoring, scikit-learn) and with values
worked out by hand."""

import numpy as np
import properscoring
import pytest

from peaceops.analytics.forecasting import metrics

rng = np.random.default_rng(7)


def _zero_inflated(n, s):
    """Samples shaped like fatality forecasts: mostly zero, a heavy tail."""
    values = rng.negative_binomial(0.3, 0.05, size=(n, s)).astype(float)
    values[rng.random((n, s)) < 0.6] = 0
    return values


def test_crps_matches_properscoring_on_fatality_like_samples():
    samples = _zero_inflated(200, 300)
    y = rng.negative_binomial(0.3, 0.05, size=200).astype(float)
    expected = properscoring.crps_ensemble(y, samples)
    np.testing.assert_allclose(metrics.crps(samples, y), expected, rtol=1e-10, atol=1e-10)


def test_crps_by_hand():
    # A point forecast of 3 for an observed 5 scores |3 - 5| = 2; samples {0, 4} for y = 4 score
    # E|X - y| - E|X - X'| / 2 = 2 - 1 = 1.
    np.testing.assert_allclose(metrics.crps([[3, 3], [0, 4]], [5, 4]), [2.0, 1.0])


def test_crps_of_exact_zero_is_the_observed_value():
    y = np.array([0.0, 1.0, 25.0])
    np.testing.assert_allclose(metrics.crps(np.zeros((3, 10)), y), y)


def test_brier_matches_properscoring_threshold_brier_score():
    samples = _zero_inflated(100, 200)
    y = rng.negative_binomial(0.3, 0.05, size=100).astype(float)
    for k in (1, 25):
        # properscoring's threshold is "y > t", so "y >= k" on integers is "y > k - 0.5".
        expected = properscoring.threshold_brier_score(y, samples, threshold=k - 0.5)
        np.testing.assert_allclose(metrics.brier(samples, y, k), expected)


def test_auroc_matches_scikit_learn_and_is_undefined_with_one_outcome():
    from sklearn.metrics import roc_auc_score

    samples = _zero_inflated(300, 100)
    y = rng.negative_binomial(0.3, 0.05, size=300).astype(float)
    p = (samples >= 1).mean(axis=1)
    assert metrics.auroc(samples, y, 1) == pytest.approx(roc_auc_score(y >= 1, p))
    assert np.isnan(metrics.auroc(samples, np.zeros(300), 1))


def test_interval_score_and_coverage_by_hand():
    samples = np.tile(np.arange(101, dtype=float), (3, 1))  # 5% and 95% quantiles: 5 and 95
    y = np.array([50.0, 0.0, 100.0])
    # inside: width 90; below by 5: 90 + 20 * 5; above by 5: 90 + 20 * 5
    np.testing.assert_allclose(metrics.interval_score(samples, y, alpha=0.1), [90, 190, 190])
    np.testing.assert_allclose(metrics.coverage(samples, y, alpha=0.1), [1, 0, 0])


def test_ignorance_uses_the_views_bins_with_smoothing():
    # 9 samples in bin "1-2", one in "0": observed 2 -> (9 + 1) / (10 + 11) ; observed 30 (bin "26-50",
    # no sample) -> 1 / 21.
    samples = np.array([[0] + [1] * 9, [0] + [1] * 9], dtype=float)
    np.testing.assert_allclose(metrics.ignorance(samples, [2, 30]), [-np.log2(10 / 21), -np.log2(1 / 21)])


def test_shapes_are_checked():
    with pytest.raises(ValueError, match="samples must be"):
        metrics.crps(np.zeros((3, 5)), np.zeros(4))

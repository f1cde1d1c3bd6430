"""PeaceOps' forecast model: forecasts depend only on what was known at the origin, and are reproducible."""

import numpy as np
import pytest

from peaceops.analytics.forecasting import model
from peaceops.analytics.forecasting.evaluate import Forecaster, Schedule


def synthetic_values(units=12, months=72, seed=1):
    rng = np.random.default_rng(seed)
    intensity = rng.gamma(0.5, 4, size=(units, 1)) * (rng.random((units, months)) < 0.3)
    return rng.poisson(intensity).astype(float)


def test_post_origin_data_does_not_change_the_forecast():
    values = synthetic_values()
    schedule = Schedule(values.shape[1], scored_months=12, tuning_months=12, horizons=(1, 3, 6, 12), refit_every=12)
    origin = 55
    changed = values.copy()
    changed[:, origin + 1:] = np.random.default_rng(9).poisson(50, size=changed[:, origin + 1:].shape)
    for h in (1, 6, 12):
        before = Forecaster(values, schedule, max_iter=20).model_samples(origin, h, 0.2)
        after = Forecaster(changed, schedule, max_iter=20).model_samples(origin, h, 0.2)
        np.testing.assert_array_equal(before, after)
        for name in ("conflictology_12", "poisson_last"):
            np.testing.assert_array_equal(Forecaster(values, schedule).benchmark_samples(name, origin),
                                          Forecaster(changed, schedule).benchmark_samples(name, origin))
    # ...while data up to the origin does change it (the test above could otherwise pass vacuously).
    changed_before = values.copy()
    changed_before[:, origin - 3:origin + 1] += 40
    assert not np.array_equal(Forecaster(values, schedule, max_iter=20).model_samples(origin, 1),
                              Forecaster(changed_before, schedule, max_iter=20).model_samples(origin, 1))


def test_every_origin_is_served_by_a_model_fitted_no_later_than_itself():
    schedule = Schedule(120, scored_months=24, tuning_months=12, horizons=(1, 3, 6, 12), refit_every=12)
    for origin in range(120):
        fit = schedule.fit_column(origin)
        assert fit is None or fit <= origin
    assert len({schedule.fit_column(o) for o in range(120 - 24 - 12 - 12, 118)}) <= 5


def test_forecast_is_reproducible_and_has_samples_for_every_horizon():
    values = synthetic_values(months=40)
    first = model.forecast(values, horizons=(1, 12), seed=3, max_iter=20)
    second = model.forecast(values, horizons=(1, 12), seed=3, max_iter=20)
    assert set(first) == {1, 12}
    for h in first:
        assert first[h].shape == (12, 360)
        np.testing.assert_array_equal(first[h], second[h])
        assert (first[h] >= 0).all() and np.array_equal(first[h], np.round(first[h]))


def test_zero_weight_scales_the_probability_of_any_fatality():
    values = synthetic_values(months=40)
    fitted = model.HurdleModel(horizons=(1,), max_iter=20).fit(values)
    probability, log_mean = fitted.parts(values, 1)
    plain = fitted.samples_from_parts(probability, log_mean, 1)
    fitted.zero_weight = {1: 0.5}
    halved = fitted.samples_from_parts(probability, log_mean, 1)
    np.testing.assert_allclose((halved > 0).mean(axis=1), 0.5 * (plain > 0).mean(axis=1), atol=1 / 360 + 1e-9)
    assert (plain > 0).mean(axis=1) == pytest.approx(probability, abs=1 / 360 + 1e-9)


def test_positive_part_is_the_log_space_distribution_mapped_back():
    # A unit certain to have fatalities: its samples are expm1 of log mean + residual quantiles, not expm1(mean).
    fitted = model.HurdleModel(horizons=(1,), max_iter=20).fit(synthetic_values(months=40))
    samples = fitted.samples_from_parts(np.array([1.0]), np.array([np.log1p(20.0)]), 1)[0]
    expected = np.maximum(np.round(np.expm1(np.log1p(20.0) + fitted.residual_quantiles)), 1)
    assert samples.min() == expected.min() and samples.max() == expected.max()
    assert np.median(samples) == pytest.approx(np.median(expected), abs=1)

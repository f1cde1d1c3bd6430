"""PeaceOps' forecast model: forecasts depend only on what was known at the origin, and are reproducible."""

import numpy as np
import pytest

from peaceops.analytics.forecasting import covariates, evaluate, model
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


def synthetic_events(n=400, units=8, months=60, seed=2):
    rng = np.random.default_rng(seed)
    end = rng.integers(0, months, n)
    return dict(unit_of_event=rng.integers(0, units, n), end_month=end,
                side_a=rng.choice(["10", "11", "12", "13"], n), side_b=rng.choice(["1", "20", "21"], n),
                violence_type=rng.choice(["1", "2", "3"], n), fatalities=rng.integers(0, 30, n))


def test_covariates_at_a_month_ignore_events_that_end_after_it():
    events = synthetic_events()
    origin = 40
    base = covariates.ged_covariates(units=np.arange(8), first_month=0, n_months=60, **events)
    later = events["end_month"] > origin
    changed = dict(events)
    changed["side_a"] = np.where(later, "99", events["side_a"])       # a new actor, after the origin only
    changed["fatalities"] = np.where(later, 500, events["fatalities"])
    changed["violence_type"] = np.where(later, "3", events["violence_type"])
    other = covariates.ged_covariates(units=np.arange(8), first_month=0, n_months=60, **changed)
    np.testing.assert_array_equal(base[:, : origin + 1], other[:, : origin + 1])
    assert not np.array_equal(base[:, origin + 1:], other[:, origin + 1:])
    # Distinct actors in a unit over 12 months: at most the 4 + 2 non-civilian actors that exist.
    assert base[:, :, covariates.NAMES.index("actors_12")].max() <= 6


def test_post_origin_covariates_do_not_change_the_forecast():
    values = synthetic_values(units=8, months=60)
    extra = covariates.ged_covariates(units=np.arange(8), first_month=0, n_months=60, **synthetic_events())
    schedule = Schedule(60, scored_months=12, tuning_months=12, horizons=(1, 6), refit_every=12)
    origin = 45
    changed = extra.copy()
    changed[:, origin + 1:] = 1000
    for h in (1, 6):
        before = Forecaster(values, schedule, max_iter=20, covariates=extra).model_samples(origin, h, 0.1, 1.2, 0.2)
        after = Forecaster(values, schedule, max_iter=20, covariates=changed).model_samples(origin, h, 0.1, 1.2, 0.2)
        np.testing.assert_array_equal(before, after)
    # ...while covariates up to the origin are used (else the test above could pass vacuously).
    changed_before = extra.copy()
    changed_before[:, : origin + 1] = np.random.default_rng(3).random(changed_before[:, : origin + 1].shape) * 50
    assert not np.array_equal(Forecaster(values, schedule, max_iter=20, covariates=extra).model_samples(origin, 1),
                              Forecaster(values, schedule, max_iter=20, covariates=changed_before).model_samples(origin, 1))


def test_conflictology_mixture_and_spread_are_deterministic_post_processing():
    values = synthetic_values(months=40)
    fitted = model.HurdleModel(horizons=(1,), max_iter=20).fit(values)
    mixed = model.mix_recent(fitted.sample(values, 1), values, 0.5)
    assert mixed.shape == (12, 360)
    # Half the samples are the unit's last 12 months, each repeated 15 times.
    for unit in range(12):
        recent, counts = np.unique(values[unit, -12:], return_counts=True)
        for value, count in zip(recent, counts, strict=True):
            assert (mixed[unit] == value).sum() >= 15 * count
    fitted.spread = {1: 1.5}
    wide = fitted.samples_from_parts(np.ones(1), np.array([np.log1p(20.0)]), 1)[0]
    fitted.spread = {}
    plain = fitted.samples_from_parts(np.ones(1), np.array([np.log1p(20.0)]), 1)[0]
    assert wide.max() - wide.min() > plain.max() - plain.min()


def test_tuned_settings_do_not_depend_on_the_scored_months():
    values = synthetic_values(units=10, months=60)
    schedule = Schedule(60, scored_months=12, tuning_months=12, horizons=(1, 6), refit_every=12)
    changed = values.copy()
    changed[:, 48:] = np.random.default_rng(5).poisson(30, size=changed[:, 48:].shape)
    first = evaluate.tune_settings(Forecaster(values, schedule, max_iter=20), schedule)
    assert first == evaluate.tune_settings(Forecaster(changed, schedule, max_iter=20), schedule)
    for settings in first.values():
        assert set(settings) == set(evaluate.DEFAULT_SETTINGS)
        assert all(value in evaluate.SETTING_GRIDS[key] for key, value in settings.items())
    # ...while the tuning months themselves do inform them.
    tuning = values.copy()
    tuning[:, 36:48] = np.random.default_rng(6).poisson(30, size=tuning[:, 36:48].shape)
    assert first != evaluate.tune_settings(Forecaster(tuning, schedule, max_iter=20), schedule)


def test_load_ged_builds_actor_covariates_from_the_file(tmp_path):
    import csv

    path = tmp_path / "ged.csv"
    rows = [("A", "2015-01-05", "2015-01-05", "10", "20", "1", 5), ("A", "2015-02-05", "2015-02-05", "10", "1", "3", 2),
            ("B", "2015-03-05", "2015-05-20", "11", "21", "2", 9), ("A", "2015-12-05", "2015-12-05", "12", "1", "3", 1)]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["adm_1", "adm_2", "latitude", "longitude", "date_start", "date_end", "side_a_new_id",
                         "side_b_new_id", "type_of_violence", "best"])
        for adm1, start, end, a, b, kind, best in rows:
            writer.writerow([adm1, "", "5.0", "20.0", start, end, a, b, kind, best])
    data = evaluate.load_ged(path, "adm1", covariates=True)
    assert data.covariates.shape == (2, 12, len(covariates.NAMES))
    actors_12 = data.covariates[:, :, covariates.NAMES.index("actors_12")]
    assert actors_12[0].tolist() == [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3]       # A: 10 and 20, then 12 (civilians not counted)
    assert actors_12[1, :4].tolist() == [0, 0, 0, 0] and actors_12[1, 4] == 2  # B's event counts from its end month (May)
    share = data.covariates[0, :, covariates.NAMES.index("share_onesided_12")]
    assert share[1] == pytest.approx(2 / 7)
    new = data.covariates[0, :, covariates.NAMES.index("country_new_actors_12")]
    assert new.tolist() == [2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 5]
    assert evaluate.load_ged(path, "adm1").covariates is None


# --- the quantile-regression model (quantile_model.py) ------------------------------------------------------

def always_and_never_values(months=60, seed=3):
    """Units 0-3 see heavy violence every month, units 4-7 never any: a model must tell them apart."""
    rng = np.random.default_rng(seed)
    values = np.zeros((8, months))
    values[:4] = rng.poisson(rng.uniform(20, 60, size=(4, 1)), size=(4, months)) + 1
    return values


@pytest.mark.parametrize("kind", ["quantile", "quantile-hurdle"])
def test_quantile_model_samples_are_sorted_quantiles_of_whole_non_negative_fatalities(kind):
    values = synthetic_values(months=40)
    fitted = evaluate.build_model(kind, horizons=(1, 6), max_iter=20).fit(values)
    for h in (1, 6):
        samples = fitted.sample(values, h)
        assert samples.shape == (12, 360)
        assert (samples >= 0).all() and np.array_equal(samples, np.round(samples))
        # Samples are the quantile function at increasing levels: monotone along each row.
        assert (np.diff(samples, axis=1) >= 0).all()
    # Reproducible.
    again = evaluate.build_model(kind, horizons=(1, 6), max_iter=20).fit(values)
    np.testing.assert_array_equal(fitted.sample(values, 6), again.sample(values, 6))


@pytest.mark.parametrize("kind", ["quantile", "quantile-hurdle"])
def test_quantile_model_puts_mass_where_the_violence_is(kind):
    values = always_and_never_values()
    samples = evaluate.build_model(kind, horizons=(1, 3)).fit(values).sample(values, 3)
    violent, quiet = samples[:4], samples[4:]
    # Quiet units: zero but at the most extreme levels. The direct form's upper quantiles of jittered counts
    # sit just under 1 for them, so a few come out as 1 death (and never more); the hurdle form's classifier
    # gives them a probability of any fatality under 1%.
    if kind == "quantile":
        assert (quiet == 0).mean() > 0.9 and quiet.max() <= 1
    else:
        assert (quiet == 0).mean() > 0.99
    assert (np.quantile(quiet, 0.9, axis=1) == 0).all()
    assert (violent > 0).mean() > 0.95 and quiet.mean() < 0.05 * violent.mean()
    # Each always-violent unit's median is near its own level, not a pooled one.
    for unit in range(4):
        level = np.median(values[unit, -12:])
        assert 0.5 * level <= np.median(samples[unit]) <= 2 * level


@pytest.mark.parametrize("kind", ["quantile", "quantile-hurdle"])
def test_quantile_model_spread_differs_from_unit_to_unit(kind):
    # Steady units (about 30 deaths every month) and erratic ones (the same median, 3 to 300): unlike the hurdle
    # model's one residual shape, the quantile model gives the erratic ones a much wider forecast.
    rng = np.random.default_rng(4)
    months = 60
    steady = rng.poisson(30, size=(4, months)) + 1
    erratic = np.round(np.exp(rng.uniform(np.log(3), np.log(300), size=(4, months))))
    values = np.vstack([steady, erratic, np.zeros((4, months))]).astype(float)
    samples = evaluate.build_model(kind, horizons=(1, 3)).fit(values).sample(values, 1)
    width = np.log1p(np.quantile(samples, 0.9, axis=1)) - np.log1p(np.quantile(samples, 0.1, axis=1))
    assert width[4:8].min() > 2 * width[:4].max()


def test_quantile_function_interpolates_between_levels_and_holds_beyond_them():
    from peaceops.analytics.forecasting.quantile_model import quantile_function

    log_q = np.array([[0.0, 1.0, 3.0]])
    got = quantile_function((0.5, 0.7, 0.9), log_q, np.array([0.1, 0.5, 0.6, 0.8, 0.99]))
    np.testing.assert_allclose(got, [[0.0, 0.0, 0.5, 2.0, 3.0]])


@pytest.mark.parametrize("kind", ["quantile", "quantile-hurdle"])
def test_post_origin_data_does_not_change_the_quantile_models_forecast(kind):
    values = synthetic_values()
    schedule = Schedule(values.shape[1], scored_months=12, tuning_months=12, horizons=(1, 3, 6, 12), refit_every=12)
    origin = 55
    changed = values.copy()
    changed[:, origin + 1:] = np.random.default_rng(9).poisson(50, size=changed[:, origin + 1:].shape)
    settings = {"zero": 0.2, "shift": 0.25, "spread": 1.2, "conflict": 0.1, "power": 0.8}
    for h in (1, 6, 12):
        before = Forecaster(values, schedule, max_iter=20, model=kind).model_samples(origin, h, settings=settings)
        after = Forecaster(changed, schedule, max_iter=20, model=kind).model_samples(origin, h, settings=settings)
        np.testing.assert_array_equal(before, after)
    changed_before = values.copy()
    changed_before[:, origin - 3:origin + 1] += 40
    assert not np.array_equal(Forecaster(values, schedule, max_iter=20, model=kind).model_samples(origin, 1),
                              Forecaster(changed_before, schedule, max_iter=20, model=kind).model_samples(origin, 1))


def test_quantile_model_zero_weight_mixes_with_exactly_zero():
    values = always_and_never_values()
    fitted = evaluate.build_model("quantile", horizons=(1,), max_iter=40).fit(values)
    parts = fitted.parts(values, 1)
    plain = fitted.samples_from_parts(*parts, 1)
    fitted.zero_weight = {1: 0.5}
    mixed = fitted.samples_from_parts(*parts, 1)
    np.testing.assert_allclose((mixed > 0).mean(axis=1), 0.5 * (plain > 0).mean(axis=1), atol=1 / 360 + 1e-9)
    # The direct form has no separate probability, so tuning leaves the power alone.
    assert "power" not in fitted.settings

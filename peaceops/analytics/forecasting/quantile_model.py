"""A quantile-regression forecast model: the predictive quantiles of fatalities fitted directly, per unit.

CRPS is twice the integral over levels tau of the pinball (quantile) loss, so fitting each predictive
quantile with the pinball loss minimises CRPS directly, and the spread of the forecast can differ from unit
to unit (HurdleModel's log-space residual distribution is one shape shared by every unit). Features and
training pairs are HurdleModel's (`unit_features` + the horizon, every (origin, horizon) pair inside the
history).

Two forms (`mode`):

- "direct": one gradient-boosted quantile regressor (scikit-learn HistGradientBoostingRegressor,
  loss="quantile") per level in DIRECT_LEVELS, on log1p(fatalities) over every training row. Levels are
  concentrated in the upper tail, where fatality distributions have their mass (most unit-months are 0).
- "hurdle": HurdleModel's classifier for the probability of any fatality, and quantile regressors of
  log1p(fatalities) on the rows with any, at POSITIVE_LEVELS of that conditional distribution (so the shape
  of the positive part is per unit, not one residual shape).

Counts are jittered before fitting, as in quantile regression for counts (Machado & Santos Silva 2005,
"Quantiles for counts"): the regressors fit quantiles of z = y + u, u uniform on [0, 1) (drawn once per fit
from the seed), and a quantile of y is ceil(quantile of z) - 1. Without it most rows tie at exactly 0, where
the pinball loss has no useful gradient, and the boosted trees barely learn to tell quiet units from violent
ones (on a synthetic panel of units always or never violent, an always-violent unit's 0.1 quantile stayed
at 0).
The median regressor is fitted first and every other level on the residual from its (in-sample) prediction,
so each level starts from the unit's own median instead of the pooled quantile: the pinball loss gives
every row below the current prediction the same gradient, so a regressor of an extreme level started at
the pooled 0.99 quantile barely learns to lower it for quiet units (on that panel, without the offset a
never-violent unit's 0.99 quantile stayed at 33 deaths; with it, 0).
Quantiles commute with monotone maps, so the regressors fit log1p(z) and its quantiles are mapped back with
expm1 (the distribution is transformed, not the point). The fitted quantiles of a unit are sorted across
levels (monotone rearrangement: separately fitted regressors may cross), and samples are the quantile
function at evenly spaced levels, linearly interpolated in log space between fitted levels and held
constant beyond the first and last, then turned into whole fatalities (at least 0; at least 1 in the
positive part of "hurdle").

The post-processing settings of HurdleModel apply, per horizon: `zero_weight` (mix with "exactly zero"),
`power` (p ** a; "hurdle" only, as "direct" has no separate probability), `shift` (adds to every log-space
quantile), `spread` (scales the log-space quantiles' distances from the unit's median one) and
`conflict_weight` (mix_recent). `parts` / `samples_from_parts` have HurdleModel's roles, so the rolling-origin
evaluation tunes them the same way.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from .model import BoostedModel, mix_recent

#: Levels of the whole distribution fitted in mode "direct" (upper tail dense: most unit-months are 0).
DIRECT_LEVELS = (0.1, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995)
#: Levels of the distribution given at least one fatality, fitted in mode "hurdle".
POSITIVE_LEVELS = (0.025, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99)
MODES = ("direct", "hurdle")


def quantile_function(levels, log_quantiles: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Log-space quantiles (units x len(levels), sorted per unit) evaluated at `at` (units x S, or S): linear
    between fitted levels, constant below the first and above the last."""
    levels = np.asarray(levels, dtype=float)
    at = np.broadcast_to(np.asarray(at, dtype=float), (len(log_quantiles),) + np.shape(at)[-1:])
    position = np.clip(np.interp(at, levels, np.arange(len(levels))), 0, len(levels) - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, len(levels) - 1)
    weight = position - low
    lower = np.take_along_axis(log_quantiles, low, axis=1)
    upper = np.take_along_axis(log_quantiles, high, axis=1)
    return lower + weight * (upper - lower)


def whole(log_quantiles: np.ndarray, least: int) -> np.ndarray:
    """Quantiles of whole fatalities from quantiles of log1p(jittered fatalities): ceil(z) - 1, at least `least`."""
    return np.maximum(np.ceil(np.expm1(np.maximum(log_quantiles, 0)) - 1e-9) - 1, least)


@dataclass(kw_only=True)
class QuantileModel(BoostedModel):
    """Gradient-boosted quantile regressors of log1p(fatalities); see the module docstring."""

    mode: str = "direct"
    #: Minimum leaf size of the quantile regressors in mode "direct" (all rows, most of them 0).
    min_leaf_direct: int = 50

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")

    @property
    def levels(self) -> tuple:
        return DIRECT_LEVELS if self.mode == "direct" else POSITIVE_LEVELS

    @property
    def settings(self) -> tuple:
        """The post-processing settings that change this model's samples (evaluate.tune_settings)."""
        return ("zero", "shift", "spread", "conflict") if self.mode == "direct" else (
            "zero", "power", "shift", "spread", "conflict")

    def _options(self, min_leaf: int) -> dict:
        return dict(max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
                    min_samples_leaf=min_leaf, l2_regularization=1.0, early_stopping=False, random_state=self.seed)

    def fit(self, history: np.ndarray) -> "QuantileModel":
        """Train on the pairs inside `history` (every column is known at its last column, the origin)."""
        history = np.asarray(history, dtype=float)
        x, y, _ = self.training_rows(history)
        y = y + np.random.default_rng(self.seed).random(len(y))  # jittered counts (see the module docstring)
        self.trained_through = history.shape[1] - 1
        self.classifier, self.constant_probability = None, None
        positive = y >= 1
        if self.mode == "hurdle":
            if positive.all() or not positive.any():
                self.constant_probability = float(positive.mean())
            else:
                self.classifier = HistGradientBoostingClassifier(**self._options(self.min_leaf_classifier)).fit(
                    x, positive)
            x, target, min_leaf = x[positive], np.log1p(y[positive]), self.min_leaf_regressor
        else:
            target, min_leaf = np.log1p(y), self.min_leaf_direct
        self.regressors, self.constant_quantiles = [], None
        if len(target) < 2 or np.ptp(target) == 0:
            # Nothing to learn a shape from: the empirical quantiles (0 when there is no row at all).
            self.constant_quantiles = (np.quantile(target, self.levels) if len(target) else np.zeros(len(self.levels)))
            return self
        self.median = HistGradientBoostingRegressor(loss="quantile", quantile=0.5, **self._options(min_leaf)).fit(
            x, target)
        offset = self.median.predict(x)
        for tau in self.levels:
            self.regressors.append(None if tau == 0.5 else HistGradientBoostingRegressor(
                loss="quantile", quantile=tau, **self._options(min_leaf)).fit(x, target - offset))
        return self

    def parts(self, history: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """(probability of any fatality or None in mode "direct", sorted log1p quantiles units x levels) per unit,
        from `history`'s last column as the origin."""
        history = np.asarray(history, dtype=float)
        x = self.features(history, history.shape[1] - 1)
        x = np.column_stack([x, np.full(len(x), horizon)])
        if self.constant_quantiles is not None:
            quantiles = np.tile(self.constant_quantiles, (len(x), 1))
        else:
            median = self.median.predict(x)
            quantiles = np.column_stack([median if r is None else median + r.predict(x) for r in self.regressors])
        quantiles = np.sort(quantiles, axis=1)
        if self.mode == "direct":
            return None, np.maximum(quantiles, 0.0)
        if self.constant_probability is not None:
            probability = np.full(len(x), self.constant_probability)
        else:
            probability = self.classifier.predict_proba(x)[:, 1]
        return probability, quantiles

    def samples_from_parts(self, probability, log_quantiles, horizon: int) -> np.ndarray:
        """Samples (units x n_samples): the quantile function, after post-processing, at evenly spaced levels."""
        log_quantiles = np.asarray(log_quantiles, dtype=float)
        median = quantile_function(self.levels, log_quantiles, np.array([0.5]))
        log_quantiles = median + (log_quantiles - median) * self.spread.get(horizon, 1.0) + self.shift.get(horizon, 0.0)
        levels = (np.arange(self.n_samples) + 0.5) / self.n_samples
        weight = self.zero_weight.get(horizon, 0.0)
        if self.mode == "direct":
            # Mixed with "exactly zero" at weight w: levels below w are 0, the rest rescaled onto the model.
            inner = np.clip((levels - weight) / max(1 - weight, 1e-12), 0, 1)
            values = whole(quantile_function(self.levels, log_quantiles, inner), 0)
            return np.where(levels[None, :] < weight, 0.0, values)
        probability = np.asarray(probability) ** self.power.get(horizon, 1.0) * (1 - weight)
        zero_share = 1 - probability[:, None]
        positive_level = np.clip((levels[None, :] - zero_share) / np.maximum(probability[:, None], 1e-12), 0, 1)
        values = whole(quantile_function(self.levels, log_quantiles, positive_level), 1)
        return np.where(levels[None, :] < zero_share, 0.0, values)

    def sample(self, history: np.ndarray, horizon: int) -> np.ndarray:
        """Samples for `horizon` months after `history`'s last column."""
        parts = self.parts(history, horizon)
        samples = self.samples_from_parts(*parts, horizon)
        return mix_recent(samples, history, self.conflict_weight.get(horizon, 0.0))

"""PeaceOps' own forecast model: a hurdle model of monthly fatalities per unit, as samples.

The model sees only the panel known at its origin (`history`: units x months, the last column being the
origin month). It is trained on every (origin o, horizon h) pair inside that history whose target month
o + h is also inside it, pooled over horizons with the horizon as a feature:

- features per unit at an origin: the last six months (log1p), rolling sums over 3, 12 and 36 months
  (log1p), months with any fatality in the last 12 and 36, months since the last fatality, the long-run
  monthly mean, the spatial lag (sum over neighbouring units, last month and last 12 months) when units have
  neighbours (PRIO-GRID cells), and the country-wide total of the last month and the last 12 months;
- a gradient-boosted classifier gives the probability of at least one fatality;
- a gradient-boosted regressor gives the expected log1p(fatalities) when there are any, and the training
  residuals give the shape of that distribution in log space. The distribution is transformed, not the
  point: each quantile of log1p(y) is mapped back with expm1 and rounded to whole fatalities (at least 1).

Samples are the distribution's quantiles at evenly spaced levels (no random draws), so a forecast is
deterministic given the seed of the boosted trees. Post-processing per horizon, all neutral by default and
tuned by evaluate.py on origins before the scored period: `zero_weight[h]` mixes the forecast with "exactly
zero" (weight w: the probability of any fatality becomes (1 - w) p), `power[h]` calibrates that probability
(p ** a, before the zero weight), `shift[h]` moves the log-space location, `spread[h]` scales the residual
quantiles, and `conflict_weight[h]` replaces that share of the samples by the unit's last 12 months
(`mix_recent`, applied in `sample`).

Optional: `covariates` (units x months x k arrays aligned with the panel, read at the origin column only;
covariates.py), `recency_halflife` (training rows weighted by 0.5 ** (age / half-life)), and `members` (an
ensemble of differently regularised trees whose probabilities and locations are averaged).
"""

from dataclasses import dataclass, field

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

#: Months of history a training origin needs before it is used.
MIN_HISTORY = 3
#: Quantile levels of the log-space residual distribution kept after fitting.
RESIDUAL_LEVELS = 199


def unit_features(history: np.ndarray, origin: int, neighbours=None, covariates=None) -> np.ndarray:
    """Feature matrix (units x features) at column `origin` of `history`, using columns <= origin only.

    `covariates` (units x months x k, aligned with the panel's columns, or None) adds its column `origin`:
    each covariate value at a month must summarise only what was known by the end of that month
    (covariates.py builds them so)."""
    known = history[:, : origin + 1]
    log = np.log1p

    def window_sum(months: int) -> np.ndarray:
        return known[:, max(0, origin + 1 - months):].sum(axis=1)

    def window_active(months: int) -> np.ndarray:
        return (known[:, max(0, origin + 1 - months):] > 0).sum(axis=1)

    columns = [log(known[:, origin - k]) if origin - k >= 0 else np.zeros(len(known)) for k in range(6)]
    columns += [log(window_sum(3)), log(window_sum(12)), log(window_sum(36))]
    columns += [window_active(12), window_active(36)]
    active = known > 0
    ever = active.any(axis=1)
    last_active = known.shape[1] - 1 - np.argmax(active[:, ::-1], axis=1)
    columns.append(np.where(ever, np.minimum(origin - last_active, 240), 240))
    columns.append(log(known.sum(axis=1) / (origin + 1) * 12))
    if neighbours is not None:
        last_month, last_year = known[:, origin], window_sum(12)
        columns.append(log(np.array([last_month[n].sum() for n in neighbours])))
        columns.append(log(np.array([last_year[n].sum() for n in neighbours])))
    totals = known.sum(axis=0)
    columns.append(np.full(len(known), log(totals[origin])))
    columns.append(np.full(len(known), log(totals[max(0, origin - 11):].sum())))
    if covariates is not None:
        columns += list(np.asarray(covariates[:, origin, :], dtype=float).T)
    return np.column_stack(columns).astype(float)


@dataclass(kw_only=True)
class BoostedModel:
    """What PeaceOps' boosted forecast models share (HurdleModel, quantile_model.QuantileModel): the horizons
    they are trained for, the features (`unit_features`), the tree settings, the post-processing settings per
    horizon tuned by evaluate.py, and the training rows made from a history."""

    horizons: tuple = tuple(range(1, 13))
    neighbours: list | None = None
    n_samples: int = 360
    seed: int = 0
    max_iter: int = 120
    learning_rate: float = 0.05
    zero_weight: dict = field(default_factory=dict)
    spread: dict = field(default_factory=dict)
    power: dict = field(default_factory=dict)
    shift: dict = field(default_factory=dict)
    conflict_weight: dict = field(default_factory=dict)
    covariates: np.ndarray | None = None
    max_leaf_nodes: int = 15
    min_leaf_classifier: int = 50
    min_leaf_regressor: int = 10
    trained_through: int | None = None

    def features(self, history: np.ndarray, origin: int) -> np.ndarray:
        return unit_features(history, origin, self.neighbours, self.covariates)

    def training_rows(self, history: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(features + horizon, target, age of the origin in months before the history's last column) for
        every (origin, horizon) pair inside `history` whose target month is also inside it."""
        last = history.shape[1] - 1
        pairs = [(origin, h) for origin in range(MIN_HISTORY - 1, last) for h in self.horizons if origin + h <= last]
        if not pairs:
            raise ValueError("history too short to train on")
        # One preallocated matrix, filled block by block (a list of blocks stacked at the end held the
        # training data twice: 0.8 GB more at 10,000 units x 48 months).
        units = len(history)
        x = y = ages = None
        row, current, block = 0, None, None
        for origin, h in pairs:
            if origin != current:
                current, block = origin, self.features(history, origin)
                if x is None:
                    x = np.empty((len(pairs) * units, block.shape[1] + 1))
                    y, ages = np.empty(len(pairs) * units), np.empty(len(pairs) * units)
            x[row:row + units, :-1], x[row:row + units, -1] = block, h
            y[row:row + units], ages[row:row + units] = history[:, origin + h], last - origin
            row += units
        return x, y, ages


@dataclass(kw_only=True)
class HurdleModel(BoostedModel):
    """Probability of any fatality x distribution of log1p(fatalities) given any; see the module docstring."""

    recency_halflife: float | None = None
    #: Extra ensemble members: dicts overriding max_leaf_nodes, min_leaf_classifier, min_leaf_regressor and
    #: recency_halflife; the probability and the log-space location are averaged over the model and them.
    members: tuple = ()

    def _booster_options(self, min_leaf: int, max_leaf_nodes: int | None = None) -> dict:
        return dict(max_iter=self.max_iter, learning_rate=self.learning_rate,
                    max_leaf_nodes=max_leaf_nodes or self.max_leaf_nodes,
                    min_samples_leaf=min_leaf, l2_regularization=1.0, early_stopping=False,
                    random_state=self.seed)

    def fit(self, history: np.ndarray) -> "HurdleModel":
        """Train on the pairs inside `history` (every column is known at its last column, the origin)."""
        history = np.asarray(history, dtype=float)
        last = history.shape[1] - 1
        x, y, ages = self.training_rows(history)
        positive = y > 0
        self.trained_through = last
        self.constant_probability = None
        self.classifiers, self.regressors = [], []
        own = dict(max_leaf_nodes=self.max_leaf_nodes, min_leaf_classifier=self.min_leaf_classifier,
                   min_leaf_regressor=self.min_leaf_regressor, recency_halflife=self.recency_halflife)
        for member in (own,) + tuple(dict(own, **m) for m in self.members):
            halflife = member["recency_halflife"]
            weight = 0.5 ** (ages / halflife) if halflife else None
            if not (positive.all() or not positive.any()):
                self.classifiers.append(HistGradientBoostingClassifier(
                    **self._booster_options(member["min_leaf_classifier"], member["max_leaf_nodes"])).fit(
                    x, positive, sample_weight=weight))
            if positive.sum() >= 2:
                self.regressors.append(HistGradientBoostingRegressor(
                    **self._booster_options(member["min_leaf_regressor"], member["max_leaf_nodes"])).fit(
                    x[positive], np.log1p(y[positive]), sample_weight=None if weight is None else weight[positive]))
        if not self.classifiers:
            self.constant_probability = float(positive.mean())
        self.classifier = self.classifiers[0] if self.classifiers else None
        self.regressor = self.regressors[0] if self.regressors else None
        if self.regressors:
            residuals = np.log1p(y[positive]) - np.mean([r.predict(x[positive]) for r in self.regressors], axis=0)
        else:
            self.positive_log_mean = float(np.log1p(y[positive]).mean()) if positive.any() else 0.0
            residuals = np.zeros(1)
        levels = (np.arange(RESIDUAL_LEVELS) + 0.5) / RESIDUAL_LEVELS
        self.residual_quantiles = np.quantile(residuals, levels)
        return self

    def parts(self, history: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """(probability of any fatality, expected log1p fatalities if any) per unit, from `history`'s last
        column as the origin. `history` may run past the month the model was trained through."""
        history = np.asarray(history, dtype=float)
        x = self.features(history, history.shape[1] - 1)
        x = np.column_stack([x, np.full(len(x), horizon)])
        if self.constant_probability is not None:
            probability = np.full(len(x), self.constant_probability)
        else:
            probability = np.mean([c.predict_proba(x)[:, 1] for c in self.classifiers], axis=0)
        if self.regressors:
            log_mean = np.mean([r.predict(x) for r in self.regressors], axis=0)
        else:
            log_mean = np.full(len(x), self.positive_log_mean)
        return probability, log_mean

    def samples_from_parts(self, probability, log_mean, horizon: int) -> np.ndarray:
        """Samples (units x n_samples): quantiles of the mixture at evenly spaced levels."""
        probability = np.asarray(probability) ** self.power.get(horizon, 1.0) * (1 - self.zero_weight.get(horizon, 0.0))
        log_mean = np.asarray(log_mean) + self.shift.get(horizon, 0.0)
        levels = (np.arange(self.n_samples) + 0.5) / self.n_samples
        zero_share = 1 - probability[:, None]
        positive_level = np.clip((levels[None, :] - zero_share) / np.maximum(probability[:, None], 1e-12), 0, 1)
        residual_index = np.minimum((positive_level * RESIDUAL_LEVELS).astype(int), RESIDUAL_LEVELS - 1)
        residuals = self.residual_quantiles * self.spread.get(horizon, 1.0)
        values = np.maximum(np.round(np.expm1(log_mean[:, None] + residuals[residual_index])), 1)
        return np.where(levels[None, :] < zero_share, 0.0, values)

    def sample(self, history: np.ndarray, horizon: int) -> np.ndarray:
        """Samples for `horizon` months after `history`'s last column."""
        probability, log_mean = self.parts(history, horizon)
        samples = self.samples_from_parts(probability, log_mean, horizon)
        return mix_recent(samples, history, self.conflict_weight.get(horizon, 0.0))


def mix_recent(samples: np.ndarray, history: np.ndarray, weight: float, months: int = 12) -> np.ndarray:
    """The mixture (1 - weight) model + weight conflictology_`months` (the unit's last months, equally likely),
    as samples: the model's samples at evenly spaced levels are thinned to (1 - weight) S and the unit's last
    `months` values fill the rest, each repeated equally (deterministic)."""
    if weight <= 0:
        return samples
    n = samples.shape[1]
    recent = history[:, -months:]
    k = int(round(weight * n / recent.shape[1])) * recent.shape[1]
    if k <= 0:
        return samples
    keep = np.sort(samples, axis=1)[:, ((np.arange(n - k) + 0.5) * n / (n - k)).astype(int)]
    return np.concatenate([keep, np.tile(recent, (1, k // recent.shape[1]))], axis=1)


def forecast(history: np.ndarray, horizons=tuple(range(1, 13)), neighbours=None, seed: int = 0,
             n_samples: int = 360, **options) -> dict[int, np.ndarray]:
    """Train on `history` and return {horizon: samples (units x n_samples)} from its last month."""
    model = HurdleModel(horizons=tuple(horizons), neighbours=neighbours, seed=seed, n_samples=n_samples,
                        **options).fit(history)
    return {h: model.sample(history, h) for h in horizons}

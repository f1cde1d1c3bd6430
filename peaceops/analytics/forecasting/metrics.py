"""Scores for probabilistic forecasts given as samples: one row per unit-month, one column per sample.

Every function takes `samples` of shape (n, S) and the observed values `y` of shape (n,), and returns one
score per row (lower is better unless said otherwise), so callers can pool, split by horizon and bootstrap.
The definitions follow the ViEWS prediction challenge (Hegre et al. 2024; views-evaluation):

- CRPS, the continuous ranked probability score, with the usual sample estimator
  E|X - y| - 1/2 E|X - X'| (as properscoring's `crps_ensemble`), in fatalities.
- Ignorance, the negative log2 probability the forecast gives to the observed value's bin, with the ViEWS
  bins 0, 1-2, 3-5, 6-10, 11-25, 26-50, 51-100, 101-250, 251-500, 501-1000, 1001+; sample counts are
  smoothed (one pseudo-sample per bin) so that a bin no sample reached costs a finite score.
- The interval score of the central (1 - alpha) interval (Gneiting & Raftery 2007) and its coverage.
- The Brier score for the event "at least k fatalities" and AUROC for the same event (higher is better).
"""

import numpy as np

#: Lower edges of the ViEWS ignorance-score bins (the last bin is open-ended).
IGNORANCE_BIN_EDGES = np.array([0, 1, 3, 6, 11, 26, 51, 101, 251, 501, 1001], dtype=float)


def _check(samples, y) -> tuple[np.ndarray, np.ndarray]:
    samples = np.asarray(samples, dtype=float)
    y = np.asarray(y, dtype=float)
    if samples.ndim != 2 or y.shape != (samples.shape[0],):
        raise ValueError(f"samples must be (n, S) and y (n,); got {samples.shape} and {y.shape}")
    return samples, y


def crps(samples, y) -> np.ndarray:
    """CRPS per row from samples, computed on sorted samples in O(S log S) per row."""
    samples, y = _check(samples, y)
    ordered = np.sort(samples, axis=1)
    s = ordered.shape[1]
    spread_weights = (2 * np.arange(1, s + 1) - s - 1) / (s * s)
    return np.abs(ordered - y[:, None]).mean(axis=1) - ordered @ spread_weights


def ignorance(samples, y) -> np.ndarray:
    """Ignorance score (bits) per row on the ViEWS bins."""
    samples, y = _check(samples, y)
    bins = len(IGNORANCE_BIN_EDGES)
    sample_bins = np.searchsorted(IGNORANCE_BIN_EDGES, samples, side="right") - 1
    observed_bins = np.searchsorted(IGNORANCE_BIN_EDGES, y, side="right") - 1
    hits = (sample_bins == observed_bins[:, None]).sum(axis=1)
    probability = (hits + 1) / (samples.shape[1] + bins)
    return -np.log2(probability)


def central_interval(samples, alpha: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the central (1 - alpha) interval of each row's samples."""
    samples = np.asarray(samples, dtype=float)
    return (np.quantile(samples, alpha / 2, axis=1), np.quantile(samples, 1 - alpha / 2, axis=1))


def interval_score(samples, y, alpha: float = 0.1) -> np.ndarray:
    """Interval score of the central (1 - alpha) interval: its width plus 2/alpha times any miss."""
    samples, y = _check(samples, y)
    lower, upper = central_interval(samples, alpha)
    below = np.maximum(lower - y, 0)
    above = np.maximum(y - upper, 0)
    return (upper - lower) + (2 / alpha) * (below + above)


def coverage(samples, y, alpha: float = 0.1) -> np.ndarray:
    """1 where the observed value lies inside the central (1 - alpha) interval, else 0 (mean = coverage)."""
    samples, y = _check(samples, y)
    lower, upper = central_interval(samples, alpha)
    return ((y >= lower) & (y <= upper)).astype(float)


def exceedance_probability(samples, threshold: float) -> np.ndarray:
    """The forecast probability of at least `threshold` fatalities: the share of samples at or above it."""
    return (np.asarray(samples, dtype=float) >= threshold).mean(axis=1)


def brier(samples, y, threshold: float) -> np.ndarray:
    """Brier score per row for the event "y >= threshold"."""
    samples, y = _check(samples, y)
    return (exceedance_probability(samples, threshold) - (y >= threshold)) ** 2


def auroc(samples, y, threshold: float) -> float:
    """Area under the ROC curve of the exceedance probability for "y >= threshold"; NaN when only one
    outcome occurred (AUROC is undefined then). Pooled only: it is not a per-row score."""
    from sklearn.metrics import roc_auc_score

    samples, y = _check(samples, y)
    event = y >= threshold
    if event.all() or not event.any():
        return float("nan")
    return float(roc_auc_score(event, exceedance_probability(samples, threshold)))

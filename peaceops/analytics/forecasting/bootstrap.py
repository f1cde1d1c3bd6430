"""Bootstrap 90% intervals for ratios of scores: a forecast's summed score over a benchmark's, recomputed on
resamples of clusters (units, or months) drawn with replacement, all rows of a cluster together.

The in-house evaluation (`evaluate.ratios`) and the scoring of external forecasts (`external/scoring.py`) both
use it, so both report intervals made the same way.
"""

import numpy as np

#: The quantiles of the resampled ratios that bound the 90% interval.
QUANTILES = (0.05, 0.95)
#: Resamples drawn by default.
DRAWS = 1000


def cluster_weights(n_clusters: int, draws: int = DRAWS, seed: int = 0) -> np.ndarray:
    """How many times each cluster is drawn in each resample: a (draws, n_clusters) array of counts summing to
    n_clusters per resample."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_clusters, np.full(n_clusters, 1 / n_clusters), size=draws).astype(float)


def ratio_interval(own, other, cluster, weights: np.ndarray) -> tuple[float, float, float]:
    """The ratio sum(own) / sum(other) of per-row scores, and the 5% and 95% quantiles of the same ratio over
    the resamples in `weights` (rows grouped by `cluster`, an index below weights.shape[1]). NaN where the
    denominator is zero (the ratio is undefined) or no resample gives a finite ratio."""
    n = weights.shape[1]
    cluster = np.asarray(cluster, dtype=np.int64)
    own_sum = np.bincount(cluster, np.asarray(own, dtype=float), minlength=n)
    other_sum = np.bincount(cluster, np.asarray(other, dtype=float), minlength=n)
    point = own_sum.sum() / other_sum.sum() if other_sum.sum() > 0 else float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        sample = (weights @ own_sum) / (weights @ other_sum)
    sample = sample[np.isfinite(sample)]
    low, high = np.quantile(sample, QUANTILES) if len(sample) else (float("nan"),) * 2
    return float(point), float(low), float(high)

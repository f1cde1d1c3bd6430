"""The ViEWS benchmark forecasts, each a predictive distribution given as samples per unit.

Each takes the panel values known at the origin (`history`, units x months up to and including the origin
month) and returns (units, n_samples) samples for any horizon; the benchmarks do not depend on the horizon.

- exactly zero: every sample 0.
- conflictology(k): the unit's own last k months, each equally likely (samples drawn from them).
- persistence: the last month's value, with certainty.
- Poisson around the last month: Poisson samples with mean the last month's value.
"""

import numpy as np

BENCHMARKS = ("zero", "conflictology_12", "conflictology_36", "persistence", "poisson_last")


def zero(history: np.ndarray, n_samples: int, rng=None) -> np.ndarray:
    return np.zeros((history.shape[0], n_samples))


def conflictology(history: np.ndarray, n_samples: int, months: int, rng=None) -> np.ndarray:
    """Samples from the unit's last `months` values (fewer when the history is shorter)."""
    window = history[:, -months:]
    if n_samples % window.shape[1] == 0:
        # Exactly the empirical distribution: each month repeated equally (no sampling noise).
        return np.tile(window, (1, n_samples // window.shape[1]))
    rng = rng or np.random.default_rng(0)
    picks = rng.integers(0, window.shape[1], size=(history.shape[0], n_samples))
    return np.take_along_axis(window, picks, axis=1)


def persistence(history: np.ndarray, n_samples: int, rng=None) -> np.ndarray:
    return np.repeat(history[:, -1:], n_samples, axis=1)


def poisson_last(history: np.ndarray, n_samples: int, rng=None) -> np.ndarray:
    rng = rng or np.random.default_rng(0)
    return rng.poisson(np.repeat(history[:, -1:], n_samples, axis=1)).astype(float)


def benchmark(name: str, history: np.ndarray, n_samples: int, rng=None) -> np.ndarray:
    """Samples of the named benchmark (one of BENCHMARKS)."""
    if name == "zero":
        return zero(history, n_samples)
    if name.startswith("conflictology_"):
        return conflictology(history, n_samples, int(name.rsplit("_", 1)[1]), rng)
    if name == "persistence":
        return persistence(history, n_samples)
    if name == "poisson_last":
        return poisson_last(history, n_samples, rng)
    raise ValueError(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")

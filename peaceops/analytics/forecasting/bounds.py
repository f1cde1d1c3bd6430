"""How far the scored period lets a forecast go: the "climatology oracle", a yardstick for the evaluation's
target, never a forecast.

The oracle forecasts every scored unit-month with that unit's own values over the whole scored period, each
month equally likely. It knows the answers (how often each unit had fatalities in the scored months, and how
many), but not their timing: which month they came in. A model that knew each unit's frequency and severity
perfectly, and nothing about timing, would score about this; a real forecast can only do better by telling
the violent months of a unit from its quiet ones. Where the oracle itself is not 10% below the better
benchmark, the issue's target asks for more timing skill than the unit's perfect frequency knowledge gives.
"""

import numpy as np

from . import metrics
from .model_name import MODEL


def climatology_oracle(values: np.ndarray, scored_targets) -> float:
    """Mean CRPS of the oracle over the scored unit-months (`values`: units x months; `scored_targets`: the
    scored columns). Every horizon scores the same target months, so this is also its pooled value."""
    scored = np.asarray(values, dtype=float)[:, list(scored_targets)]
    months = scored.shape[1]
    samples = np.repeat(scored, months, axis=0)  # row u * months + m: unit u's scored months
    observed = scored.reshape(-1)
    return float(np.mean(metrics.crps(samples, observed)))


def report_lines(evaluation) -> list[str]:
    """The report's section on the oracle: its CRPS and its ratios to zero and to the better benchmark."""
    pooled = {r["model"]: r["crps"] for r in evaluation.summary if r["horizon"] == "pooled"}
    better = min(pooled["zero"], pooled["conflictology_12"])
    oracle = climatology_oracle(evaluation.data.panel.values, evaluation.schedule.scored_targets())
    reachable = oracle <= 0.9 * better
    return [
        "## How hard the target is: the climatology oracle",
        "",
        "Not a forecast: the oracle forecasts each unit-month with that unit's own values over the whole scored "
        "period, each month equally likely. It knows how often and how badly each unit was hit in the scored "
        "months, but not in which month. Pooled CRPS: "
        f"oracle **{oracle:.3f}** ({oracle / pooled['zero']:.3f} x zero, {oracle / better:.3f} x the better "
        f"benchmark); {MODEL} {pooled[MODEL]:.3f} ({pooled[MODEL] / better:.3f} x the better benchmark).",
        "",
        ("Even perfect knowledge of each unit's frequency and severity would not meet the 10% target here: a "
         "model meets it only by forecasting the timing of violence within units better than that."
         if not reachable else
         "Perfect knowledge of each unit's frequency and severity alone would meet the 10% target here."),
        "",
    ]

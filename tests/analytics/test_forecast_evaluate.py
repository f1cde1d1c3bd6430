"""`peaceops forecast evaluate`: end to end on a small synthetic GED file, and benchmarks scored as defined.

The command reads files and writes a report; it never touches the database (no django_db mark needed)."""

import csv

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from peaceops.analytics.forecasting import evaluate, metrics

FIELDS = ["id", "type_of_violence", "adm_1", "adm_2", "priogrid_gid", "latitude", "longitude",
          "date_start", "date_end", "best"]


def write_ged(path, years=(2010, 2015), seed=4):
    """A GED-like file: 5 provinces, events most months in two, a multi-month event, one without adm_1."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in range(years[0], years[1] + 1):
        for month in range(1, 13):
            for province, rate in (("Alpha", 0.8), ("Beta", 0.5), ("Gamma", 0.15), ("Delta", 0.05), ("Eps", 0.02)):
                if rng.random() < rate:
                    lat, lon = 5.1 + 0.6 * len(province), 20.2 + 0.4 * len(rows) % 2
                    rows.append({"id": len(rows) + 1, "type_of_violence": 1, "adm_1": f"{province} prefecture",
                                 "adm_2": f"{province} sub", "priogrid_gid": "",
                                 "latitude": lat, "longitude": lon,
                                 "date_start": f"{year}-{month:02d}-03 00:00:00.000",
                                 "date_end": f"{year}-{month:02d}-04 00:00:00.000",
                                 "best": int(rng.integers(1, 40))})
    rows.append({"id": 9998, "type_of_violence": 2, "adm_1": "Alpha prefecture", "adm_2": "Alpha sub",
                 "priogrid_gid": "", "latitude": 5.1, "longitude": 20.2,
                 "date_start": "2012-01-10 00:00:00.000", "date_end": "2012-03-20 00:00:00.000", "best": 10})
    rows.append({"id": 9999, "type_of_violence": 3, "adm_1": "", "adm_2": "", "priogrid_gid": "",
                 "latitude": 5.0, "longitude": 20.0, "date_start": "2013-05-01", "date_end": "2013-05-01",
                 "best": 3})
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_evaluate_command_writes_the_report(tmp_path):
    source = write_ged(tmp_path / "ged.csv")
    out = tmp_path / "report"
    call_command("forecast", "evaluate", "--source", str(source), "--level", "adm1", "--scored-months", "12",
                 "--trees", "20", "--bootstrap", "50", "-o", str(out), verbosity=0)
    report = (out / "report.md").read_text()
    assert "5 units" in report and "Events used: " in report and "left out (no unit): 1" in report
    assert "Scored target months: 2015-01 to 2015-12 (12 months)" in report
    assert "on target months 2014-01 to 2014-12 only (before the scored period)" in report
    assert "Overall: " in report and "## Caveats" in report
    # the climatology oracle's section shows the oracle's CRPS on this panel's scored months
    section = report.split("## How hard the target is: the climatology oracle")[1].split("## ")[0]
    shown = float(section.split("oracle **")[1].split("**")[0])
    panel = evaluate.load_ged(source, "adm1").panel.values
    expected = float(np.mean(metrics.crps(np.repeat(panel[:, -12:], 12, axis=0), panel[:, -12:].reshape(-1))))
    assert shown == pytest.approx(expected, abs=5e-4)
    assert "x zero" in section and "x the better benchmark" in section
    with (out / "scores.csv").open() as handle:
        scores = list(csv.DictReader(handle))
    assert {(r["model"], r["horizon"]) for r in scores} == {
        (m, h) for m in evaluate.MODELS for h in ("pooled", "1", "3", "6", "12")}
    with (out / "ratios.csv").open() as handle:
        ratios = list(csv.DictReader(handle))
    crps_pooled = next(r for r in ratios if r["score"] == "crps" and r["horizon"] == "pooled"
                       and r["reference"] == "zero")
    assert float(crps_pooled["ci_low"]) <= float(crps_pooled["ratio"]) <= float(crps_pooled["ci_high"])
    assert (out / "crps_by_horizon.png").read_bytes()[:4] == b"\x89PNG"


def test_evaluate_command_scores_the_quantile_model_when_asked(tmp_path):
    source = write_ged(tmp_path / "ged.csv")
    out = tmp_path / "report"
    call_command("forecast", "evaluate", "--source", str(source), "--level", "adm1", "--scored-months", "12",
                 "--trees", "20", "--bootstrap", "20", "--model", "quantile", "-o", str(out), verbosity=0)
    report = (out / "report.md").read_text()
    assert "peaceops quantile-regression model" in report
    # The direct form has no separate probability of any fatality, so its power is not tuned.
    assert "(zero, shift, spread, conflict;" in report and "power 1" not in report
    with (out / "scores.csv").open() as handle:
        scores = {(r["model"], r["horizon"]): r for r in csv.DictReader(handle)}
    assert float(scores[("peaceops", "pooled")]["crps"]) >= 0
    with pytest.raises(CommandError):
        call_command("forecast", "evaluate", "--source", str(source), "--level", "adm1", "--scored-months", "12",
                     "--model", "magic", "-o", str(out), verbosity=0)


def test_priogrid_without_boundary_scores_event_cells_and_their_neighbours(tmp_path):
    source = write_ged(tmp_path / "ged.csv")
    data = evaluate.load_ged(source, "priogrid")
    event_cells = {int(g) for g, total in zip(data.panel.units, data.panel.values.sum(axis=1), strict=True) if total}
    assert len(data.panel.units) > len(event_cells) and data.events_dropped == 0
    assert all(len(n) >= 1 for n in data.neighbours)
    rows = list(csv.DictReader((tmp_path / "ged.csv").open()))
    points = evaluate.priogrid_gid([float(r["latitude"]) for r in rows], [float(r["longitude"]) for r in rows])
    assert event_cells == set(points.tolist())
    assert all(cell in set(data.panel.units.tolist()) for cell in event_cells)


def test_benchmarks_inside_the_evaluation_equal_their_definitions(tmp_path):
    data = evaluate.load_ged(write_ged(tmp_path / "ged.csv"), "adm1")
    assert data.panel.values.sum() == pytest.approx(
        sum(float(r["best"]) for r in csv.DictReader((tmp_path / "ged.csv").open()) if r["adm_1"]))
    result = evaluate.evaluate(data, scored_months=12, max_iter=20, boot=20)
    summary = {(r["model"], r["horizon"]): r for r in result.summary}
    values = data.panel.values
    months = values.shape[1]
    for h in evaluate.HORIZONS:
        targets = range(months - 12, months)
        observed = np.concatenate([values[:, t] for t in targets])
        last = np.concatenate([values[:, t - h] for t in targets])
        # exactly zero: CRPS is the observed value; persistence: the distance to the origin month's value.
        assert summary[("zero", h)]["crps"] == pytest.approx(observed.mean())
        assert summary[("persistence", h)]["crps"] == pytest.approx(np.abs(observed - last).mean())
        assert summary[("zero", h)]["brier_1"] == pytest.approx((observed >= 1).mean())
        # conflictology_12: the unit's own last 12 months at the origin, each equally likely.
        windows = np.vstack([values[:, t - h - 11:t - h + 1] for t in targets])
        assert summary[("conflictology_12", h)]["crps"] == pytest.approx(metrics.crps(windows, observed).mean())
    assert result.target["pooled_ratio_to_better"] == pytest.approx(
        summary[("peaceops", "pooled")]["crps"]
        / min(summary[("zero", "pooled")]["crps"], summary[("conflictology_12", "pooled")]["crps"]))


def test_too_short_a_panel_is_refused(tmp_path):
    source = write_ged(tmp_path / "ged.csv")  # 72 months: 60 scored leave no room for a 12-month horizon
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="too short"):
        call_command("forecast", "evaluate", "--source", str(source), "--level", "adm1", "--scored-months", "60",
                     "-o", str(tmp_path / "out"), verbosity=0)


def test_climatology_oracle_on_a_hand_checkable_panel():
    """Unit A's scored months are 0 and 4: its oracle is {0, 4} equally likely, whose CRPS is 1 against either
    month (E|X - y| = 2, minus half of E|X - X'| = 2); unit B is always quiet (CRPS 0). Zero scores the mean
    fatalities, (0 + 4 + 0 + 0) / 4 = 1; the oracle (1 + 1 + 0 + 0) / 4 = 0.5."""
    from peaceops.analytics.forecasting.bounds import climatology_oracle

    values = np.array([[9.0, 9.0, 0.0, 4.0], [5.0, 0.0, 0.0, 0.0]])
    assert climatology_oracle(values, range(2, 4)) == pytest.approx(0.5)
    assert np.mean(values[:, 2:]) == pytest.approx(1.0)  # zero's CRPS: the oracle halves it here


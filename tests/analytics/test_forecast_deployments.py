"""Deployment covariates (Geo-PKO FrontMap): the CAR fixture loads, and a year's maps never reach a forecast
made before the following January."""

import csv
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from peaceops.analytics.forecasting import deployments, evaluate
from peaceops.analytics.forecasting.evaluate import Forecaster, Schedule
from peaceops.analytics.forecasting.units import month_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FRONTMAP = FIXTURES / "geopko" / "frontmap_v2.3_car_1994_2017.csv"
GED = FIXTURES / "ucdp" / "ged231_car_1991_2020.csv.gz"


def test_car_fixture_loads_with_carry_forward():
    rows = deployments.read_frontmap(FRONTMAP, {"Central African Republic"})
    assert rows.height == 73 and rows["year"].min() == 1998 and rows["year"].max() == 2017
    data = evaluate.load_ged(GED, "priogrid", deployments=FRONTMAP)
    extra, panel = data.covariates, data.panel
    assert extra.shape == panel.values.shape + (len(deployments.NAMES),)
    country = extra[0, :, deployments.NAMES.index("country_troops_log1p")]
    # MINUSCA's 2014 maps count from 2015-01, not during 2014; 2017's are carried forward to the file's end.
    assert country[panel.column(month_id(2014, 12))] < country[panel.column(month_id(2015, 1))]
    assert country[panel.column(month_id(2020, 12))] == country[panel.column(month_id(2018, 1))] > 8
    # Bangui (4.38 N, 18.57 E) has troops; a deployed cell's neighbours are "near".
    bangui = list(panel.units).index(evaluate.priogrid_gid(np.array([4.38]), np.array([18.57]))[0])
    assert extra[bangui, panel.column(month_id(2016, 6)), 0] > 5
    assert extra[:, panel.column(month_id(2016, 6)), 1].sum() > extra[:, panel.column(month_id(2016, 6)), 0].astype(bool).sum()


@pytest.mark.parametrize("level", ["adm1", "priogrid"])
def test_a_years_deployments_do_not_change_forecasts_before_the_next_january(tmp_path, level):
    changed = tmp_path / "changed.csv"
    with FRONTMAP.open() as source, changed.open("w", newline="") as out:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["year"] == "2016":  # ten times the troops, and a large new base in the west
                row["ave.no.troops"] = str(float(row["ave.no.troops"]) * 10)
                writer.writerow(row)
                row = dict(row, location="Invented", latitude="5.0", longitude="15.5", **{"ave.no.troops": "5000"})
            writer.writerow(row)
    base = evaluate.load_ged(GED, level, deployments=FRONTMAP)
    other = evaluate.load_ged(GED, level, deployments=changed)
    january = base.panel.column(month_id(2017, 1))
    np.testing.assert_array_equal(base.covariates[:, :january], other.covariates[:, :january])
    assert not np.array_equal(base.covariates[:, january], other.covariates[:, january])

    values = base.panel.values
    schedule = Schedule(values.shape[1], scored_months=24, tuning_months=12, horizons=(1, 6), refit_every=12)
    origin = january - 1  # 2016-12: the 2016 maps are not known yet
    for h in (1, 6):
        before = Forecaster(values, schedule, max_iter=20, covariates=base.covariates).model_samples(origin, h, 0.1)
        after = Forecaster(values, schedule, max_iter=20, covariates=other.covariates).model_samples(origin, h, 0.1)
        np.testing.assert_array_equal(before, after)


def test_evaluate_command_takes_deployments(tmp_path):
    runs = {}
    for name, extra in (("plain", []), ("deployed", ["--deployments", str(FRONTMAP)])):
        out = tmp_path / name
        call_command("forecast", "evaluate", "--source", str(GED), "--level", "adm1", "--scored-months", "12",
                     "--trees", "20", "--bootstrap", "20", "-o", str(out), *extra, verbosity=0)
        runs[name] = (out / "scores.csv").read_text()
    assert runs["plain"] != runs["deployed"]  # the covariates reach the model
    with pytest.raises(CommandError, match="--deployments"):
        call_command("forecast", "evaluate", "--source", str(GED), "--level", "adm1", "--scored-months", "12",
                     "--deployments", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "x"), verbosity=0)

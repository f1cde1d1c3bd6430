"""External forecasts in the ViEWS layout: `peaceops forecast import-external` stores them for a mission and
`forecast score-external` (and the API) scores them against the incidents the user may see."""

import csv
import datetime as dt
import gzip
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from django.core.management import CommandError, call_command

from peaceops.analytics.external.scoring import score_external_forecast
from peaceops.analytics.forecasting import metrics
from peaceops.analytics.models import ExternalForecast, ExternalForecastValue
from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry
from peaceops.testing import world as test_world
from peaceops.testing.world import Seed, create, make_areas
from tests.factories import MissionFactory, member

pytestmark = pytest.mark.django_db
VIEWS = Path(__file__).parents[1] / "fixtures" / "views"
WEST, EAST = 190481, 190482  # the PRIO-GRID cells of Westmark and Eastfield (peaceops.testing.world.AREAS)
SAMPLES = {(541, WEST): [0, 2, 5, 1], (541, EAST): [0, 0, 1, 0], (542, WEST): [0, 1, 0, 3],
           (542, EAST): [2, 0, 0, 1], (543, WEST): [10, 40, 0, 25], (543, EAST): [0, 0, 0, 0]}


def at(year, month, day=10):
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def _world():
    """2024: Westmark 2 killed every month (history). 2025-01: Westmark 3 killed; 2025-02: Eastfield 1 killed;
    2025-03: Westmark 30 killed, CONFIDENTIAL to KFOR (the UNMIK viewer does not see it)."""
    mission, people = test_world.mission(), test_world.people()
    areas = make_areas(mission)
    seeds = [Seed(at(2024, m), "mission/crime", 2, 0, "Westmark", "PUBLIC", "UNMIK", f"h{m}") for m in range(1, 13)]
    seeds += [Seed(at(2025, 1), "mission/crime", 3, 0, "Westmark", "PUBLIC", "UNMIK", "jan"),
              Seed(at(2025, 2), "mission/crime", 1, 0, "Eastfield", "PUBLIC", "UNMIK", "feb"),
              Seed(at(2025, 3), "mission/crime", 30, 0, "Westmark", "CONFIDENTIAL", "KFOR", "mar")]
    create(seeds, mission, people)
    return areas


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Recorded once for the module (each test's writes roll back); the tests of state-based scores, which
    record a history of their own, are in test_external_scores.py."""
    yield from test_world.built_once(django_db_blocker, _world)


def import_file(name, user, *extra, path=None, unit="priogrid"):
    call_command("forecast", "import-external", str(path or VIEWS / name), "--mission", "UNMIK", "--name",
                 Path(name).stem, "--unit", unit, "--user", user.username, *extra, verbosity=0)
    return ExternalForecast.objects.get(name=Path(name).stem)


def observed(kfor: bool) -> np.ndarray:
    """What happened per (month, cell) of SAMPLES, by hand, for the viewer or the KFOR reporter."""
    truth = {(541, WEST): 3, (542, EAST): 1, (543, WEST): 30 if kfor else 0}
    return np.array([truth.get(key, 0) for key in sorted(SAMPLES, key=lambda k: (k[1], k[0]))], dtype=float)


def hand_samples() -> np.ndarray:
    return np.array([SAMPLES[key] for key in sorted(SAMPLES, key=lambda k: (k[1], k[0]))], dtype=float)


def metric(report, name):
    return next(row for row in report["metrics"] if row["metric"] == name)


def test_long_samples_are_stored_and_scored_against_what_happened(world, people, mission):
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    assert (forecast.kind, forecast.unit, forecast.draws, forecast.units) == ("samples", "priogrid", 4, 2)
    assert (forecast.first_month, forecast.last_month, forecast.origin_month) == (541, 543, 540)
    stored = {(v.month_id, v.unit_id): v.values for v in ExternalForecastValue.objects.filter(forecast=forecast)}
    assert stored == SAMPLES
    entry = ChangeLogEntry.objects.get(object_type="analytics.externalforecast")
    assert entry.after["sha256"] == forecast.sha256 and entry.actor_id == people["reporter"].pk

    report = score_external_forecast(forecast, people["viewer"])
    y, samples = observed(kfor=False), hand_samples()
    assert report["scored"] == 6 and report["incidents"] == 14
    assert metric(report, "crps")["forecast"] == pytest.approx(metrics.crps(samples, y).mean(), abs=1e-6)
    assert metric(report, "ignorance")["forecast"] == pytest.approx(metrics.ignorance(samples, y).mean(), abs=1e-6)
    assert metric(report, "brier_1")["forecast"] == pytest.approx(metrics.brier(samples, y, 1).mean(), abs=1e-6)
    assert metric(report, "interval_score_90")["forecast"] == pytest.approx(
        metrics.interval_score(samples, y, 0.1).mean(), abs=1e-6)
    # Benchmarks from 2024 (origin 2024-12): Westmark always 2, Eastfield always 0.
    bench = np.array([[2.0] * 12] * 3 + [[0.0] * 12] * 3)
    assert metric(report, "crps")["conflictology_12"] == pytest.approx(metrics.crps(bench, y).mean(), abs=1e-6)
    zero_crps = metrics.crps(np.zeros((6, 1)), y).mean()
    assert metric(report, "crps")["zero"] == pytest.approx(zero_crps, abs=1e-6)
    better = min(metrics.crps(bench, y).mean(), zero_crps)
    assert metric(report, "crps")["ratio_to_better_benchmark"] == pytest.approx(
        metrics.crps(samples, y).mean() / better, rel=1e-4)


def test_a_user_who_cannot_see_an_incident_gets_scores_without_it(world, people):
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    viewer = metric(score_external_forecast(forecast, people["viewer"]), "crps")["forecast"]
    kfor = metric(score_external_forecast(forecast, people["kfor"]), "crps")["forecast"]
    samples = hand_samples()
    assert kfor == pytest.approx(metrics.crps(samples, observed(kfor=True)).mean(), abs=1e-6)
    assert viewer != kfor


def test_wide_and_parquet_list_layouts_store_the_same_samples(world, people, tmp_path):
    wide = import_file("samples_pgm_wide.csv", people["reporter"])
    assert wide.column == "sample" and wide.draws == 4
    keys = sorted(SAMPLES)
    frame = pl.DataFrame({"month_id": [m for m, _ in keys], "priogrid_gid": [u for _, u in keys],
                          "pred_ged_sb": [[float(x) for x in SAMPLES[k]] for k in keys]})
    frame.write_parquet(tmp_path / "samples_list.parquet")
    listed = import_file("samples_list.parquet", people["reporter"], path=tmp_path / "samples_list.parquet")
    assert listed.violence == "sb"
    gzipped = tmp_path / "samples_gz.csv.gz"
    gzipped.write_bytes(gzip.compress((VIEWS / "samples_pgm_long.csv").read_bytes()))
    call_command("forecast", "import-external", str(gzipped), "--mission", "UNMIK", "--name", "gz", "--unit",
                 "priogrid", "--user", "reporter", verbosity=1)  # with the progress bar
    packed = ExternalForecast.objects.get(name="gz")
    for forecast in (wide, listed, packed):
        stored = {(v.month_id, v.unit_id): v.values for v in forecast.unit_months.all()}
        assert stored == SAMPLES


def test_log_scale_samples_are_converted_back(world, people, tmp_path):
    path = tmp_path / "ln.csv"
    path.write_text("month_id,priogrid_gid,draw,pred_ln_sb_best\n541,190481,0,0\n541,190481,1,"
                    f"{np.log1p(9)}\n")
    forecast = import_file("ln.csv", people["reporter"], path=path)
    assert forecast.log_scale and forecast.unit_months.get().values == pytest.approx([0, 9])


def test_bad_rows_are_rejected_with_line_numbers_and_outside_rows_reported(world, people, tmp_path):
    rejects = tmp_path / "rejects.csv"
    forecast = import_file("samples_pgm_bad.csv", people["reporter"], "--rejects", str(rejects))
    assert forecast.rows_read == 10 and forecast.rows_rejected == 5 and forecast.rows_outside == 1
    assert {(v.month_id, v.unit_id): v.values for v in forecast.unit_months.all()} == {
        (541, WEST): [1, 2], (541, EAST): [1, 1]}
    lines = list(csv.reader(rejects.open()))
    assert lines[0] == ["line", "reason", "month_id", "priogrid_gid", "draw", "outcome"]
    reasons = {int(line[0]): line[1] for line in lines[1:]}
    assert lines[1][2:] == ["541", "190481", "1", "3"]
    assert sorted(reasons) == [4, 5, 6, 7, 10, 11]
    assert "duplicate" in reasons[4] and "line 3" in reasons[4]
    assert "month_id" in reasons[5]
    assert "negative" in reasons[6]
    assert "'abc' is not a number" in reasons[7]
    assert reasons[10].startswith("outside the mission")
    assert "outcome is empty" in reasons[11]


def test_strict_writes_nothing_when_a_row_is_bad(world, people):
    with pytest.raises(CommandError, match="--strict: 5 row"):
        import_file("samples_pgm_bad.csv", people["reporter"], "--strict")
    assert not ExternalForecast.objects.exists() and not ExternalForecastValue.objects.exists()


def test_reimport_is_idempotent_and_conflicts_are_refused(world, people, tmp_path):
    first = import_file("samples_pgm_long.csv", people["reporter"])
    again = import_file("samples_pgm_long.csv", people["reporter"])
    assert again.pk == first.pk and ExternalForecastValue.objects.count() == 6
    assert ChangeLogEntry.objects.filter(object_type="analytics.externalforecast").count() == 1
    copy = tmp_path / "other_name.csv"
    shutil.copy(VIEWS / "samples_pgm_long.csv", copy)
    with pytest.raises(CommandError, match="already imported as 'samples_pgm_long'"):
        import_file("other_name.csv", people["reporter"], path=copy)
    changed = tmp_path / "samples_pgm_long.csv"
    changed.write_text((VIEWS / "samples_pgm_long.csv").read_text().replace("541,190481,1,2", "541,190481,1,7"))
    with pytest.raises(CommandError, match="--name: the mission already has"):
        import_file("samples_pgm_long.csv", people["reporter"], path=changed)
    replaced = import_file("samples_pgm_long.csv", people["reporter"], "--replace", path=changed)
    assert replaced.unit_months.get(month_id=541, unit_id=WEST).values == [0, 7, 5, 1]
    assert ExternalForecast.objects.count() == 1


def test_import_refusals_name_the_option(world, people):
    with pytest.raises(CommandError, match="--country-id"):
        import_file("probabilities_cm.csv", people["reporter"], unit="country")
    with pytest.raises(CommandError, match="several value columns.*average_basewthematic_sb"):
        import_file("probabilities_cm.csv", people["reporter"], "--country-id", "999", unit="country")
    with pytest.raises(CommandError, match="no country_id"):
        import_file("samples_pgm_long.csv", people["reporter"], "--country-id", "999", unit="country")
    with pytest.raises(CommandError, match="may not import"):
        import_file("samples_pgm_long.csv", people["viewer"])


def test_the_api_lists_sets_and_scores_them_for_the_caller(world, people, client_as, orgs):
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    client = client_as(people["viewer"])
    listed = client.get("/api/v1/analytics/external-forecasts", {"mission": "UNMIK"}).json()["forecasts"]
    assert [f["name"] for f in listed] == ["samples_pgm_long"] and listed[0]["draws"] == 4
    scores = client.get(f"/api/v1/analytics/external-forecasts/{forecast.pk}/scores").json()
    assert scores["scored_for"] == "viewer"
    assert metric(scores, "crps")["forecast"] == pytest.approx(
        metrics.crps(hand_samples(), observed(kfor=False)).mean(), abs=1e-6)
    outsider = member(MissionFactory(code="MINUSCA"), orgs["UNMIK"], Role.ANALYST, username="minusca")
    stranger = client_as(outsider)
    assert stranger.get("/api/v1/analytics/external-forecasts").json()["forecasts"] == []
    assert stranger.get(f"/api/v1/analytics/external-forecasts/{forecast.pk}/scores").status_code == 404


def test_real_views_rows_are_all_parsed(world, people):
    """Three ViEWS countries x 38 months (tests/fixtures/views/SOURCE.md): the mission's 38 rows are kept, the
    others reported as outside, none rejected, every probability in [0, 1]."""
    forecast = import_file("ensemble_cm_3countries.csv", people["reporter"], "--country-id", "41",
                           "--column", "average_basewthematic_os", unit="country")
    assert (forecast.rows_read, forecast.rows_rejected, forecast.rows_outside) == (114, 0, 76)
    assert (forecast.first_month, forecast.last_month, forecast.violence) == (486, 523, "os")
    values = [v[0] for v in forecast.unit_months.values_list("values", flat=True)]
    assert len(values) == 38 and all(0 <= p <= 1 for p in values)


def test_the_api_gives_the_ratios_with_bootstrap_intervals(world, people, client_as):
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    scores = client_as(people["viewer"]).get(f"/api/v1/analytics/external-forecasts/{forecast.pk}/scores").json()
    assert scores["bootstrap"] == {"resampling": "units", "clusters": 2, "draws": 1000, "level": 0.9}
    y, samples = observed(kfor=False), hand_samples()
    crps = metric(scores, "crps")
    to_zero = crps["ratios"]["zero"]
    assert to_zero["ratio"] == pytest.approx(metrics.crps(samples, y).mean() / crps["zero"], rel=1e-6)
    assert to_zero["ci_low"] <= to_zero["ratio"] <= to_zero["ci_high"]
    # Two cells: a resample holds Westmark twice, Eastfield twice, or each once; the interval's ends are
    # among those three ratios.
    west, east = slice(0, 3), slice(3, 6)  # rows sorted by cell, then month; Westmark's id is the lower
    own = [metrics.crps(samples[s], y[s]).sum() for s in (west, east)]
    zero = [metrics.crps(np.zeros((3, 1)), y[s]).sum() for s in (west, east)]
    possible = [own[0] / zero[0], sum(own) / sum(zero), own[1] / zero[1]]
    assert to_zero["ci_low"] == pytest.approx(min(possible))
    assert to_zero["ci_high"] == pytest.approx(max(possible))
    assert "ratios" in metric(scores, "brier_1") and metric(scores, "coverage_90")["ratios"] == {}
    # Per horizon (months after the origin 2024-12): the same rows, each with its interval.
    assert [(h["horizon"], h["month"], h["scored"]) for h in scores["by_horizon"]] == [
        (1, "2025-01", 2), (2, "2025-02", 2), (3, "2025-03", 2)]
    first = next(r for r in scores["by_horizon"][0]["metrics"] if r["metric"] == "crps")
    assert first["forecast"] == pytest.approx(metrics.crps(samples[0::3], y[0::3]).mean(), abs=1e-6)
    assert first["ratios"]["conflictology_12"]["ci_low"] is not None
    schema = client_as(people["viewer"]).get("/api/v1/openapi.json").json()
    assert "/api/v1/analytics/external-forecasts/{forecast_id}/scores" in schema["paths"]


def _imported(name, user, tmp_path, *extra, path=None, unit="priogrid"):
    """Import with --replace and a rejects file; what was stored, counted and written as rejects."""
    rejects = tmp_path / f"rejects-{len(list(tmp_path.iterdir()))}.csv"
    forecast = import_file(name, user, "--replace", "--rejects", str(rejects), *extra, path=path, unit=unit)
    stored = {(v.month_id, v.unit_id): v.values for v in forecast.unit_months.all()}
    counts = (forecast.rows_read, forecast.rows_rejected, forecast.rows_outside, forecast.draws, forecast.kind)
    return stored, counts, rejects.read_text() if rejects.exists() else None


def test_files_larger_than_a_chunk_import_the_same(world, people, tmp_path, monkeypatch):
    """The file is read in chunks: with chunks of 2 or 3 rows (a duplicate and its original fall in different
    chunks, a unit-month's draws span several), every layout stores, counts and rejects exactly what it does
    read in one chunk."""
    from peaceops.analytics.external import layout

    rng = np.random.default_rng(5)
    big = tmp_path / "big_long.csv.gz"
    lines = ["month_id,priogrid_gid,draw,outcome"]
    for month in (541, 542, 543, 544):
        for cell in (WEST, EAST, 999999):  # the third cell is outside the mission
            lines += [f"{month},{cell},{d},{rng.poisson(2)}" for d in range(25)]
    lines[40] = lines[40].rsplit(",", 1)[0] + ",-1"  # negative
    lines.insert(90, lines[10])  # a duplicate, 80 lines after its original
    lines.append("545,190481,0,1")  # a unit-month with 1 draw where the others have 25
    big.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    keys = sorted(SAMPLES)
    listed = tmp_path / "listed.parquet"
    pl.DataFrame({"month_id": [m for m, _ in keys] + [541], "priogrid_gid": [u for _, u in keys] + [999999],
                  "pred_ged_sb": [[float(x) for x in SAMPLES[k]] for k in keys] + [[1.0, 2.0]]}
                 ).write_parquet(listed, row_group_size=2)
    files = [("samples_pgm_bad.csv", None), ("samples_pgm_long.csv", None), ("samples_pgm_wide.csv", None),
             ("big_long.csv.gz", big), ("listed.parquet", listed)]
    for name, path in files:
        whole = _imported(name, people["reporter"], tmp_path, path=path)
        for size in (2, 3):
            monkeypatch.setattr(layout, "CHUNK_ROWS", size)
            assert _imported(name, people["reporter"], tmp_path, path=path) == whole, (name, size)
        monkeypatch.setattr(layout, "CHUNK_ROWS", 100_000)
    # What the big file gave, by hand: 7 cell-months of 25 draws kept; the negative, the duplicate and the lone
    # draw of 545 rejected, and the 24 other draws of the cell-month that lost its negative one; 100 rows outside.
    stored, counts, rejects = _imported("big_long.csv.gz", people["reporter"], tmp_path, path=big)
    assert counts == (302, 27, 100, 25, "samples") and len(stored) == 7
    assert "is also on line 11" in rejects and "has 24 draws" in rejects and "has 1 draws" in rejects
    numbers = [int(row[0]) for row in csv.reader(rejects.splitlines()[1:])]
    assert numbers == sorted(numbers) and len(numbers) == 127
    # A real-size row count in one chunk and in many.
    for size in (7,):
        monkeypatch.setattr(layout, "CHUNK_ROWS", size)
        assert _imported("ensemble_cm_3countries.csv", people["reporter"], tmp_path, "--country-id", "41",
                         "--column", "average_basewthematic_os", unit="country")[1] == (114, 0, 76, 0,
                                                                                          "probabilities")

"""`peaceops forecast run` stores a mission's next-12-month risk forecasts, built only from the incidents the
acting user may see; the API returns them and the dashboard's risk fragment ranks the areas."""

import datetime as dt

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from peaceops.analytics.forecasting.units import month_id
from peaceops.analytics.models import RiskForecast
from peaceops.analytics.services import mission_panel
from peaceops.core.models import ChangeLogEntry
from peaceops.testing import world as test_world
from peaceops.testing.world import Seed, create, monthly_seeds, seed_world
from peaceops.testing.world import run_forecast as run

pytestmark = pytest.mark.django_db
ORIGIN = int(month_id(2025, 12))


def _seeds():
    """Two years of monthly incidents: Westmark public and deadly every month, Eastfield confidential and
    deadly every other month, Northwest public without fatalities now and then."""

    def month(i, when):
        yield Seed(when, "mission/crime", 3 + i % 4, 0, "Westmark", "PUBLIC", "UNMIK", f"w{i}")
        if i % 2:
            yield Seed(when, "mission/crime", 30, 0, "Eastfield", "CONFIDENTIAL", "UNMIK", f"e{i}")
        if i % 5 == 0:
            yield Seed(when, "mission/crime", 0, 1, "Northwest", "PUBLIC", "UNMIK", f"n{i}")

    return monthly_seeds(month)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The areas with two years of incidents, recorded once for the module (each test's writes roll back)."""
    yield from test_world.built_once(
        django_db_blocker, lambda: seed_world(test_world.mission(), test_world.people(), _seeds()))



def test_run_stores_twelve_months_per_area_and_logs_the_run(world, people, mission):
    run(people["viewer"])
    forecasts = RiskForecast.objects.filter(mission=mission, level="adm2", origin_month=ORIGIN)
    assert forecasts.count() == 4 * 12
    westmark = forecasts.filter(unit_key=str(world["Westmark"].pk))
    assert sorted(westmark.values_list("horizon", flat=True)) == list(range(1, 13))
    assert sorted(westmark.values_list("target_month", flat=True)) == list(range(ORIGIN + 1, ORIGIN + 13))
    first = westmark.get(horizon=1)
    assert first.unit_label == "Westmark" and first.built_by == people["viewer"]
    assert 0 <= first.p10 <= first.p50 <= first.p90
    quiet = forecasts.get(unit_key=str(world["Northwest"].pk), horizon=1)
    assert first.prob_1 > quiet.prob_1  # deadly every month vs never
    entry = ChangeLogEntry.objects.get(object_type="analytics.riskforecast")
    assert entry.after["forecasts"] == 48 and entry.after["built_by"] == "viewer"


@pytest.mark.parametrize("kind", ["quantile", "quantile-hurdle"])
def test_run_with_the_quantile_model_stores_its_forecasts_under_its_name(world, people, mission, kind):
    run(people["viewer"], "--model", kind)
    forecasts = RiskForecast.objects.filter(mission=mission, level="adm2", origin_month=ORIGIN)
    assert forecasts.count() == 4 * 12
    assert set(forecasts.values_list("model_name", flat=True)) == {f"peaceops-{kind}"}
    for row in forecasts:
        assert 0 <= row.p10 <= row.p50 <= row.p90 and 0 <= row.prob_25 <= row.prob_1 <= 1
    deadly = forecasts.get(unit_key=str(world["Westmark"].pk), horizon=1)
    quiet = forecasts.get(unit_key=str(world["Northwest"].pk), horizon=1)
    assert deadly.prob_1 > quiet.prob_1 and deadly.mean > quiet.mean
    entry = ChangeLogEntry.objects.get(object_type="analytics.riskforecast")
    assert entry.after["model"] == f"peaceops-{kind}"
    with pytest.raises(CommandError, match="--model"):
        run(people["viewer"], "--model", "magic")


def test_incidents_after_the_origin_are_not_read(world, people, mission):
    """A run with an earlier origin reads only the incidents up to it: its panel, its stored forecasts and
    the number of incidents it reports are those of a mission that stopped there."""
    origin = "2025-06"
    before = mission_panel(mission, people["viewer"], "adm2", int(month_id(2025, 6)))
    run(people["viewer"], origin=origin)
    stored = list(RiskForecast.objects.order_by("unit_key", "horizon").values_list("p10", "p50", "p90", "prob_1"))
    # 18 months of Westmark and 9 of Eastfield (odd months), and Northwest in months 0, 5, 10, 15.
    assert before.incidents == 18 + 9 + 4 and before.panel.values.shape[1] == 18
    entry = ChangeLogEntry.objects.get(object_type="analytics.riskforecast")
    assert entry.after["incidents"] == 31
    create([Seed(dt.datetime(2025, 7, 3, tzinfo=dt.UTC), "mission/crime", 50, 0, "Northwest", "PUBLIC", "UNMIK",
                 "late")], mission, people)
    run(people["viewer"], origin=origin)
    again = list(RiskForecast.objects.order_by("unit_key", "horizon").values_list("p10", "p50", "p90", "prob_1"))
    assert again == stored
    assert ChangeLogEntry.objects.filter(object_type="analytics.riskforecast").latest("id").after["incidents"] == 31


def test_a_rerun_replaces_the_earlier_run(world, people, mission):
    run(people["viewer"])
    run(people["viewer"])
    assert RiskForecast.objects.filter(mission=mission, level="adm2").count() == 48
    assert RiskForecast.objects.filter(mission=mission, level="adm1").count() == 0
    run(people["viewer"], level="adm1")
    assert RiskForecast.objects.filter(mission=mission, level="adm1").count() == 2 * 12


def test_the_panel_holds_only_what_the_user_may_see(world, people, mission):
    kfor = mission_panel(mission, people["kfor"], "adm2", ORIGIN)  # CONFIDENTIAL to UNMIK: not released to KFOR
    viewer = mission_panel(mission, people["viewer"], "adm2", ORIGIN)
    east = list(viewer.panel.units).index(world["Eastfield"].pk)
    west = list(viewer.panel.units).index(world["Westmark"].pk)
    assert kfor.panel.values[east].sum() == 0
    assert viewer.panel.values[east].sum() == 12 * 30
    assert np.array_equal(kfor.panel.values[west], viewer.panel.values[west])
    run(people["kfor"])
    kfor_east = RiskForecast.objects.get(unit_key=str(world["Eastfield"].pk), horizon=1)
    run(people["viewer"])
    viewer_east = RiskForecast.objects.get(unit_key=str(world["Eastfield"].pk), horizon=1)
    assert kfor_east.built_by == people["kfor"] and viewer_east.built_by == people["viewer"]
    assert kfor_east.p90 < viewer_east.p90


def test_bad_arguments_are_refused(world, people):
    with pytest.raises(CommandError, match="--origin"):
        run(people["viewer"], origin="2025-13")
    with pytest.raises(CommandError, match="--origin: expected YYYY-MM, e.g. 2026-03, got 'last month'"):
        run(people["viewer"], origin="last month")
    with pytest.raises(CommandError, match="--user"):
        call_command("forecast", "run", "--mission", "UNMIK", "--user", "ghost", "--level", "adm1", verbosity=0)
    with pytest.raises(CommandError, match="history"):
        run(people["viewer"], origin="2024-02")


def test_the_api_returns_the_latest_run(world, people, client_as):
    run(people["viewer"])
    client = client_as(people["viewer"])
    answer = client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "adm2"}).json()
    assert answer["origin"] == "2025-12" and answer["built_by"] == "viewer"
    assert len(answer["forecasts"]) == 48
    row = next(f for f in answer["forecasts"] if f["unit_label"] == "Westmark" and f["horizon"] == 1)
    assert row["target_month"] == "2026-01" and row["prob_1"] > 0.5
    assert client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "adm1"}).json()["forecasts"] == []
    assert client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "x"}).status_code == 422
    unknown = client.get("/api/v1/analytics/risk", {"mission": "NOPE"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "mission"


def test_the_dashboard_shows_the_risk_table(world, people, client_as):
    client = client_as(people["viewer"])
    assert 'hx-get="/analytics/risk/"' in client.get("/dashboard/").content.decode()
    assert "No forecast you may read" in client.get("/analytics/risk/").content.decode()
    run(people["viewer"])
    html = client.get("/analytics/risk/").content.decode()
    assert 'id="risk-table"' in html
    body = html.split("<tbody>")[1]
    assert body.index("Westmark") < body.index("Northwest")  # ranked by P(>=1) in the month after the data
    assert "2025-12" in html
    # "Next month" is the month after the data (2026-01), named as such, not the month after today.
    assert "at least one fatality in 2026-01, the month after the data" in html
    assert "P(≥1 fatality) in 2026-01" in html and "next month" not in html


def test_a_forecast_is_shown_only_to_readers_who_see_what_its_builder_saw(world, people, client_as):
    """A run built by UNMIK's watch officer counts Eastfield's CONFIDENTIAL fatalities: KFOR's reporter (who
    does not see them) is not shown that run, UNMIK's viewer (same organisation) is; a run built by KFOR's
    reporter may be shown to both."""
    run(people["watch"], origin="2025-11")

    def origin(user):
        return client_as(user).get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "adm2"}).json()["origin"]

    assert origin(people["viewer"]) == "2025-11"
    assert origin(people["kfor"]) is None
    kfor_section = client_as(people["kfor"]).get("/analytics/risk/").content.decode()
    assert "No forecast you may read" in kfor_section  # true whether or not a run exists that KFOR may not read
    assert "has been run" not in kfor_section and "2025-11" not in kfor_section
    run(people["kfor"], origin="2025-10")
    assert origin(people["kfor"]) == "2025-10"  # the latest run KFOR may read
    assert origin(people["watch"]) == "2025-11"

"""The COP's risk layer (/cop/risk.geojson and the page's controls): the latest stored forecast run the user
may read, one feature per unit with its geometry and the stored numbers; nothing for a reader who sees less
than the run's builder; 400 naming the field for a bad level or horizon."""

import json

import h3
import pytest
import shapely

from peaceops.analytics.forecasting.units import month_id, month_start, priogrid_cell
from peaceops.analytics.models import RiskForecast
from peaceops.testing import world as test_world
from peaceops.testing.world import Seed, monthly_seeds, seed_world
from peaceops.testing.world import run_forecast as run

pytestmark = pytest.mark.django_db
URL = "/cop/risk.geojson"


def _seeds():
    """Two years of monthly incidents: Westmark public and deadly every month, Eastfield strictly confidential
    and deadly every other month."""

    def month(i, when):
        yield Seed(when, "mission/crime", 3 + i % 4, 0, "Westmark", "PUBLIC", "UNMIK", f"w{i}")
        if i % 2:
            yield Seed(when, "mission/crime", 30, 0, "Eastfield", "STRICTLY_CONFIDENTIAL", "UNMIK", f"e{i}")

    return monthly_seeds(month)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The areas with two years of incidents, recorded once for the module (each test's writes roll back)."""
    yield from test_world.built_once(
        django_db_blocker, lambda: seed_world(test_world.mission(), test_world.people(), _seeds()))



def label(mid: int) -> str:
    return month_start(mid).isoformat()[:7]


def test_the_layer_holds_the_stored_forecasts_of_the_horizon(world, people, mission, client_as):
    run(people["viewer"])
    body = client_as(people["viewer"]).get(URL, {"level": "adm2", "horizon": "3"}).json()
    stored = {f.unit_label: f for f in RiskForecast.objects.filter(mission=mission, level="adm2", horizon=3)}
    assert len(stored) == 4 and body["count"] == 4 and "message" not in body
    assert body["origin"] == "2025-12" and body["target_month"] == "2026-03" and body["built_by"] == "viewer"
    for feature in body["features"]:
        p = feature["properties"]
        row = stored[p["label"]]
        assert p["unit"] == row.unit_key and p["horizon"] == 3 and p["target_month"] == label(row.target_month)
        assert (p["p10"], p["p50"], p["p90"], p["mean"], p["prob_1"], p["prob_25"]) == (
            row.p10, row.p50, row.p90, row.mean, row.prob_1, row.prob_25)
        assert p["origin"] == "2025-12" and p["model"] == row.model_name and p["built_by"] == "viewer"
        assert p["created_at"] == row.created_at.isoformat()
        area = world[p["label"]]
        drawn = shapely.geometry.shape(feature["geometry"])
        assert drawn.equals(shapely.from_geojson(area.geometry))  # squares: nothing to simplify
    westmark = next(f["properties"] for f in body["features"] if f["properties"]["label"] == "Westmark")
    assert westmark["prob_1"] > 0.5  # deadly every month


def test_admin_1_and_prio_grid_units_have_their_own_geometry(world, people, client_as):
    run(people["viewer"], level="adm1")
    run(people["viewer"], level="priogrid")
    client = client_as(people["viewer"])
    regions = client.get(URL, {"level": "adm1", "horizon": "12"}).json()
    assert sorted(f["properties"]["label"] for f in regions["features"]) == ["East", "West"]
    assert regions["target_month"] == "2026-12"
    west = next(f for f in regions["features"] if f["properties"]["label"] == "West")
    assert shapely.geometry.shape(west["geometry"]).bounds == (20.0, 42.0, 20.5, 43.0)
    cells = client.get(URL, {"level": "priogrid"}).json()
    assert cells["horizon"] == 1 and cells["count"] == RiskForecast.objects.filter(level="priogrid", horizon=1).count()
    for feature in cells["features"]:
        gid = int(feature["properties"]["unit"])
        assert shapely.geometry.shape(feature["geometry"]).equals(priogrid_cell(gid))


def test_h3_cells_are_drawn_as_their_hexagons(world, people, client_as):
    run(people["viewer"], "--h3-resolution", "5", level="h3")
    client = client_as(people["viewer"])
    page = client.get("/").content.decode()
    assert 'value="h3"' in page  # offered on the page once a run exists
    cells = client.get(URL, {"level": "h3", "horizon": "2"}).json()
    stored = {f.unit_key: f for f in RiskForecast.objects.filter(level="h3", horizon=2)}
    assert cells["count"] == len(stored) > 7  # the event cells and their rings
    for feature in cells["features"]:
        cell = feature["properties"]["unit"]
        assert feature["properties"]["prob_1"] == stored[cell].prob_1
        drawn = shapely.geometry.shape(feature["geometry"])
        assert drawn.is_valid and len(feature["geometry"]["coordinates"][0]) == 7  # six corners, closed
        lat, lon = h3.cell_to_latlng(cell)
        assert drawn.contains(shapely.geometry.Point(lon, lat))


def test_a_reader_who_sees_less_than_the_builder_gets_an_older_run_or_nothing(world, people, mission, client_as):
    run(people["sc"], origin="2025-12")  # built from strictly confidential incidents too
    viewer = client_as(people["viewer"]).get(URL, {"level": "adm2"}).json()
    assert viewer["features"] == [] and viewer["count"] == 0
    assert viewer["message"] == "no forecast run readable by you"
    assert client_as(people["sc"]).get(URL, {"level": "adm2"}).json()["count"] == 4

    run(people["viewer"], origin="2025-11")  # an older run the viewer may read
    viewer = client_as(people["viewer"]).get(URL, {"level": "adm2"}).json()
    assert viewer["origin"] == "2025-11" and viewer["built_by"] == "viewer" and viewer["count"] == 4
    east = next(f["properties"] for f in viewer["features"] if f["properties"]["label"] == "Eastfield")
    older = RiskForecast.objects.get(mission=mission, level="adm2", origin_month=int(month_id(2025, 11)),
                                     unit_label="Eastfield", horizon=1)
    assert east["prob_1"] == older.prob_1
    assert client_as(people["sc"]).get(URL, {"level": "adm2"}).json()["origin"] == "2025-12"
    kfor = client_as(people["kfor"]).get(URL, {"level": "adm2"}).json()  # another organisation
    assert kfor["features"] == [] and kfor["message"]


@pytest.mark.parametrize(("params", "field"), [
    ({"level": "adm3"}, "level"), ({"level": "ADM1"}, "level"), ({"horizon": "0"}, "horizon"),
    ({"horizon": "13"}, "horizon"), ({"horizon": "two"}, "horizon"), ({"horizon": "1.5"}, "horizon"),
])
def test_bad_parameters_answer_400_naming_the_field(people, client_as, params, field):
    response = client_as(people["viewer"]).get(URL, params)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["message"]


def test_the_page_offers_only_levels_with_a_readable_run(world, people, client_as):
    html = client_as(people["viewer"]).get("/").content.decode()
    assert 'id="risk-on"' not in html and "No forecast run readable by you" in html
    run(people["viewer"], level="adm1")
    run(people["sc"], level="adm2")
    html = client_as(people["viewer"]).get("/").content.decode()
    assert 'id="risk-on"' in html
    levels = json.loads(html.split('<script id="cop-risk-levels" type="application/json">')[1].split("</script>")[0])
    assert [level["value"] for level in levels] == ["adm1"]
    assert levels[0]["origin"] == "2025-12" and levels[0]["months"][0] == "2026-01" and len(levels[0]["months"]) == 12
    assert '<option value="adm2">' not in html
    assert "2026-01 (+1 month)" in html and "2026-12 (+12 months)" in html
    sc_page = client_as(people["sc"]).get("/").content.decode()
    assert '<option value="adm2">' in sc_page and '<option value="adm1">' in sc_page

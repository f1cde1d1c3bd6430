"""Forecasting units and targets: H3 cell-month units and their neighbours, incident counts (multi-month events
split as fractions), UCDP type-of-violence and category subsets, through `load_ged`, `mission_panel`,
`peaceops forecast run` and `/api/v1/analytics/risk`."""

import csv
import datetime as dt

import h3
import numpy as np
import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import Polygon

from peaceops.analytics.forecasting import evaluate, units
from peaceops.analytics.forecasting.panel import build_panel
from peaceops.analytics.forecasting.units import month_id
from peaceops.analytics.models import RiskForecast
from peaceops.analytics.services import mission_panel
from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.inputs import CasualtyData
from peaceops.incidents.services import create_incident
from peaceops.testing import world as test_world
from peaceops.testing.world import Seed, monthly_seeds, seed_world
from peaceops.testing.world import run_forecast as run
from tests.factories import incident_data

ORIGIN = int(month_id(2025, 12))
BANGUI = (4.3947, 18.5582)  # lat, lon


# --- H3 units ------------------------------------------------------------------------------------------------

def test_h3_units_are_the_event_cells_and_their_ring_with_ring_neighbours():
    lat, lon = BANGUI
    centre = h3.str_to_int(h3.latlng_to_cell(lat, lon, 4))
    # Two points in the same resolution-4 cell (a few hundred metres apart) give one cell.
    cells = units.h3_cells([lat, lat + 0.002], [lon, lon + 0.002], 4)
    assert cells.tolist() == [centre, centre]
    ring = {h3.str_to_int(c) for c in h3.grid_ring(h3.int_to_str(centre), 1)}
    assert len(ring) == 6
    unit_cells = units.h3_with_neighbours(cells)
    assert set(unit_cells.tolist()) == ring | {centre} and len(unit_cells) == 7
    neighbours = units.h3_neighbours(unit_cells)
    position = {int(c): i for i, c in enumerate(unit_cells)}
    # The centre touches all six; each ring cell touches the centre and its two ring neighbours.
    assert sorted(neighbours[position[centre]]) == sorted(position[c] for c in ring)
    for cell in ring:
        near = {int(unit_cells[i]) for i in neighbours[position[cell]]}
        assert len(near) == 3 and centre in near
        assert all(h3.are_neighbor_cells(h3.int_to_str(cell), h3.int_to_str(other)) for other in near)


def test_h3_parents_of_stored_cells_and_pentagons():
    stored = h3.str_to_int(h3.latlng_to_cell(*BANGUI, 12))
    parent = units.h3_parents(np.array([stored]), 4)[0]
    assert h3.int_to_str(int(parent)) == h3.cell_to_parent(h3.int_to_str(stored), 4)
    pentagon = h3.str_to_int(h3.get_pentagons(4)[0])
    assert len(units.h3_ring(pentagon)) == 5


def test_h3_cells_covering_a_boundary_include_border_cells():
    centre = h3.latlng_to_cell(*BANGUI, 4)
    outline = [(lng, lat) for lat, lng in h3.cell_to_boundary(centre)]
    # A polygon a little larger than the cell overlaps its six neighbours too (their centres are outside it).
    cx, cy = Polygon(outline).centroid.coords[0]
    grown = Polygon([(cx + 1.05 * (x - cx), cy + 1.05 * (y - cy)) for x, y in outline])
    covering = units.h3_cells_covering(grown, 4)
    assert set(covering) == {h3.str_to_int(c) for c in h3.grid_disk(centre, 1)}
    shrunk = Polygon([(cx + 0.5 * (x - cx), cy + 0.5 * (y - cy)) for x, y in outline])
    assert units.h3_cells_covering(shrunk, 4) == [h3.str_to_int(centre)]
    with pytest.raises(ValueError, match="h3 resolution"):
        units.check_h3_resolution(12)


# --- incident counts -------------------------------------------------------------------------------------------

def test_incident_counts_split_a_three_month_event_in_thirds():
    first = int(month_id(2024, 1))
    # Unit 1: one event over Jan-Mar 2024, one in Feb; unit 2: two events in Jan.
    panel = build_panel([1, 1, 2, 2], [first, first + 1, first, first], [first + 2, first + 1, first, first],
                        np.ones(4), np.array([1, 2]), first, first + 3, whole=False)
    assert panel.values[0] == pytest.approx([1 / 3, 1 + 1 / 3, 1 / 3, 0])
    assert panel.values[1].tolist() == [2, 0, 0, 0]
    assert panel.values.sum() == pytest.approx(4)  # a unit's total is its number of events


FIELDS = ["id", "type_of_violence", "adm_1", "adm_2", "priogrid_gid", "latitude", "longitude",
          "date_start", "date_end", "best"]


def write_small_ged(path):
    """Five events in two provinces: type 1 in Alpha (one over Jan-Mar 2012), type 2 and 3 in Beta."""
    rows = [
        (1, 1, "Alpha", 4.40, 18.56, "2012-01-10", "2012-03-20", 9),
        (2, 1, "Alpha", 4.40, 18.56, "2012-02-01", "2012-02-01", 2),
        (3, 2, "Beta", 6.00, 20.00, "2012-01-05", "2012-01-05", 4),
        (4, 3, "Beta", 6.00, 20.00, "2012-04-05", "2012-04-06", 1),
        (5, 3, "Beta", 6.00, 20.00, "2012-04-20", "2012-04-20", 0),
    ]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for i, kind, province, lat, lon, start, end, best in rows:
            writer.writerow({"id": i, "type_of_violence": f"{kind}", "adm_1": province, "adm_2": "",
                             "priogrid_gid": "", "latitude": lat, "longitude": lon,
                             "date_start": f"{start} 00:00:00.000", "date_end": f"{end} 00:00:00.000",
                             "best": best})
    return path


def test_load_ged_targets_and_violence_subsets(tmp_path):
    source = write_small_ged(tmp_path / "ged.csv")
    jan = 0  # the panel starts in January of the first event's year: column 0 is 2012-01

    fatalities = evaluate.load_ged(source, "adm1")
    assert fatalities.panel.units.tolist() == ["Alpha", "Beta"]
    assert fatalities.panel.values[0, jan:jan + 3].tolist() == [3, 3 + 2, 3]  # 9 over three months, whole
    counts = evaluate.load_ged(source, "adm1", target="incidents")
    assert counts.panel.values[0, jan:jan + 3] == pytest.approx([1 / 3, 1 + 1 / 3, 1 / 3])
    assert counts.panel.values[1, jan:jan + 4].tolist() == [1, 0, 0, 2]  # the 0-fatality event counts too
    assert counts.subset == "all" and "all types of violence" in counts.target_words()

    one_sided = evaluate.load_ged(source, "adm1", target="incidents", violence=3)
    assert one_sided.panel.units.tolist() == ["Beta"] and one_sided.events_filtered == 3
    assert one_sided.panel.values.sum() == 2 and one_sided.subset == "violence:3"
    # The panel keeps the whole file's months whatever the subset.
    assert one_sided.panel.values.shape[1] == counts.panel.values.shape[1]
    state = evaluate.load_ged(source, "adm1", violence=1)
    assert state.panel.values.sum() == 11 and state.panel.units.tolist() == ["Alpha"]
    with pytest.raises(ValueError, match="violence"):
        evaluate.load_ged(source, "adm1", violence=4)
    with pytest.raises(ValueError, match="target"):
        evaluate.load_ged(source, "adm1", target="deaths")

    cells = evaluate.load_ged(source, "h3", target="incidents", h3_resolution=4)
    alpha = h3.str_to_int(h3.latlng_to_cell(4.40, 18.56, 4))
    beta = h3.str_to_int(h3.latlng_to_cell(6.00, 20.00, 4))
    by_cell = dict(zip(cells.panel.units.tolist(), cells.panel.values.sum(axis=1), strict=True))
    assert by_cell[alpha] == pytest.approx(2) and by_cell[beta] == pytest.approx(3)
    assert len(cells.panel.units) == 14 and sum(by_cell.values()) == pytest.approx(5)  # two cells and their rings
    assert cells.level == "h3 (resolution 4)" and len(cells.neighbours) == 14


def test_evaluate_command_reports_target_and_subset(tmp_path):
    from tests.analytics.test_forecast_evaluate import write_ged

    source = write_ged(tmp_path / "ged.csv")
    out = tmp_path / "report"
    call_command("forecast", "evaluate", "--source", str(source), "--level", "h3", "--h3-resolution", "3",
                 "--target", "incidents", "--violence", "1", "--scored-months", "12", "--trees", "10",
                 "--bootstrap", "20", "-o", str(out), verbosity=0)
    report = (out / "report.md").read_text()
    assert "Level: h3 (resolution 3)" in report
    assert "events (incident counts) per unit-month, type of violence 1 (state-based) only" in report
    assert "left out (other types of violence): 2" in report  # the file's one type-2 and one type-3 event
    assert "at least 1 and at least 25 events" in report
    with pytest.raises(CommandError, match="--h3-resolution"):
        call_command("forecast", "evaluate", "--source", str(source), "--level", "h3", "--h3-resolution", "15",
                     "--scored-months", "12", "-o", str(out), verbosity=0)
    with pytest.raises(CommandError, match="--target"):
        call_command("forecast", "evaluate", "--source", str(source), "--level", "h3", "--target", "deaths",
                     "--scored-months", "12", "-o", str(out), verbosity=0)


# --- a mission's runs ------------------------------------------------------------------------------------------

def _seeds():
    """Two years: Westmark an incident every month (crime), Eastfield a state-based clash every other month."""

    def month(i, when):
        yield Seed(when, "mission/crime", i % 3, 0, "Westmark", "PUBLIC", "UNMIK", f"w{i}")
        if i % 2:
            yield Seed(when, "organised-violence/state-based", 5, 0, "Eastfield", "PUBLIC", "UNMIK", f"e{i}")

    return monthly_seeds(month)


def _world():
    mission, people = test_world.mission(), test_world.people()
    areas = seed_world(mission, people, _seeds())
    # One three-month incident in Westmark (Oct-Dec 2025), 6 killed.
    data = incident_data(title="long siege", occurred_start=dt.datetime(2025, 10, 5, tzinfo=dt.UTC),
                         occurred_end=dt.datetime(2025, 12, 20, tzinfo=dt.UTC), lon=20.25, lat=42.25,
                         category_path="mission/crime",
                         casualties=[CasualtyData(group="civilians", killed_low=6, killed_best=6, killed_high=6)])
    create_incident(acting_user=people["watch"], mission=mission, data=data)
    return areas


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Recorded once for the module (each test's writes roll back)."""
    yield from test_world.built_once(django_db_blocker, _world)


@pytest.mark.django_db
def test_mission_panel_counts_incidents_and_narrows_to_subsets(world, mission, people):
    counts = mission_panel(mission, people["viewer"], "adm2", ORIGIN, target="incidents")
    west = list(counts.panel.units).index(world["Westmark"].pk)
    east = list(counts.panel.units).index(world["Eastfield"].pk)
    last3 = counts.panel.column(ORIGIN) - 2
    assert counts.panel.values[west, last3:].tolist() == pytest.approx([1 + 1 / 3] * 3)
    assert counts.panel.values[west].sum() == pytest.approx(25) and counts.panel.values[east].sum() == 12
    fatalities = mission_panel(mission, people["viewer"], "adm2", ORIGIN)
    assert fatalities.panel.values[west, last3:].tolist() == [2 + 0, 2 + 1, 2 + 2]  # i % 3 for i = 21..23, +6/3

    state = mission_panel(mission, people["viewer"], "adm2", ORIGIN, target="incidents", violence=1)
    assert state.subset == "violence:1" and state.incidents == 12
    assert state.panel.values[west].sum() == 0 and state.panel.values[east].sum() == 12
    crime = mission_panel(mission, people["viewer"], "adm2", ORIGIN, target="incidents", category="crime")
    assert crime.subset == "category:mission/crime" and crime.panel.values[east].sum() == 0
    # A category and a type of violence together: incidents in both (none here).
    from peaceops.analytics.services import ForecastError

    with pytest.raises(ForecastError, match="category:mission/crime,violence:1"):
        mission_panel(mission, people["viewer"], "adm2", ORIGIN, category="crime", violence=1)
    whole = mission_panel(mission, people["viewer"], "adm2", ORIGIN, target="incidents",
                          category="organised-violence")
    assert whole.panel.values[east].sum() == 12  # descendants included

    cells = mission_panel(mission, people["viewer"], "h3", ORIGIN, target="incidents", h3_resolution=5)
    assert cells.panel.values.sum() == pytest.approx(37) and cells.h3_resolution == 5
    assert all(h3.get_resolution(label.split()[1]) == 5 for label in cells.labels)


@pytest.mark.django_db
def test_h3_incident_run_is_stored_and_served_by_the_api(world, mission, people, client_as):
    run(people["viewer"], "--target", "incidents", level="h3")
    rows = RiskForecast.objects.filter(mission=mission, level="h3", target="incidents", subset="all")
    data = mission_panel(mission, people["viewer"], "h3", ORIGIN, target="incidents")
    assert rows.count() == len(data.panel.units) * 12 and rows.filter(h3_resolution=4).count() == rows.count()
    busy = h3.latlng_to_cell(42.25, 20.25, 4)  # the cell of the long incident
    assert all(h3.get_resolution(key) == 4 for key in rows.values_list("unit_key", flat=True))
    entry = ChangeLogEntry.objects.get(object_type="analytics.riskforecast")
    assert entry.after["target"] == "incidents" and entry.after["subset"] == "all" and entry.after["h3_resolution"] == 4

    run(people["viewer"], "--target", "incidents", "--violence", "1", level="h3")
    run(people["viewer"], level="adm2")  # fatalities of all incidents, the default
    assert RiskForecast.objects.filter(level="h3", subset="violence:1", target="incidents").exists()
    assert rows.count() == len(data.panel.units) * 12  # the subset run did not replace the run of all incidents

    client = client_as(people["viewer"])
    answer = client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "h3", "target": "incidents"}).json()
    assert answer["target"] == "incidents" and answer["subset"] == "all" and answer["h3_resolution"] == 4
    assert len(answer["forecasts"]) == rows.count() and answer["origin"] == "2025-12"
    assert {f["unit_key"] for f in answer["forecasts"]} >= {busy}
    subset = client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "h3", "target": "incidents",
                                                   "subset": "violence:1"}).json()
    assert subset["subset"] == "violence:1" and len(subset["forecasts"]) > 0
    assert {f["unit_key"] for f in subset["forecasts"]} != {f["unit_key"] for f in answer["forecasts"]}
    # Defaults: fatalities of all incidents.
    default = client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "adm2"}).json()
    assert default["target"] == "fatalities" and len(default["forecasts"]) == 4 * 12
    assert client.get("/api/v1/analytics/risk", {"mission": "UNMIK", "level": "h3"}).json()["forecasts"] == []

    html = client.get("/analytics/risk/").content.decode()
    assert "Expected fatalities" in html and 'id="risk-table"' in html
    assert "No forecast you may read" in client.get("/analytics/risk/", {"target": "incidents"}).content.decode()
    run(people["viewer"], "--target", "incidents", level="adm2")
    assert "Expected incidents" in client.get("/analytics/risk/", {"target": "incidents"}).content.decode()


@pytest.mark.django_db
def test_bad_values_are_refused_naming_the_option_or_field(world, people, client_as):
    with pytest.raises(CommandError, match="--target"):
        run(people["viewer"], "--target", "deaths", level="h3")
    with pytest.raises(CommandError, match="--h3-resolution"):
        run(people["viewer"], "--h3-resolution", "13", level="h3")
    with pytest.raises(CommandError, match="--category: names no category of the mission"):
        run(people["viewer"], "--category", "no-such", level="adm1")
    with pytest.raises(CommandError, match="--violence"):
        run(people["viewer"], "--violence", "4", level="adm1")
    client = client_as(people["viewer"])
    for params, field in (({"target": "deaths"}, "target"), ({"subset": "violence:7"}, "subset"),
                          ({"subset": "category:no-such"}, "subset"), ({"subset": "colour:red"}, "subset"),
                          ({"level": "hex"}, "level")):
        answer = client.get("/api/v1/analytics/risk", {"mission": "UNMIK", **params})
        assert answer.status_code == 422 and answer.json()["field"] == field, params

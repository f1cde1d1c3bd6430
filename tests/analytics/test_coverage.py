"""Coverage ("where are we not looking") on a hand-checkable example: three H3 cells at the presence
resolution, presence and incidents set by hand, the table's order and figures computed here; a patrol or an
incident the reader may not see adds nothing. Driven through the page, its CSV, the API and the COP layer."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from peaceops.analytics.models import RiskForecast
from peaceops.geo import h3cells
from peaceops.operations.models import CellPresence
from peaceops.operations.presence import RESOLUTION
from peaceops.operations.services import PatrolService
from tests.factories import incident_record

WEEK = dt.date(2026, 3, 2)  # a Monday
#: Three points some 10 km apart near Mitrovica: cells A, B, C.
POINTS = {"A": (20.70, 42.80), "B": (20.85, 42.90), "C": (21.00, 43.00)}
LINE = [[20.86, 42.89], [20.87, 42.90]]


def cell(name: str) -> int:
    """The coverage cell of a point as incidents are counted: the parent of the point's stored cell (H3 children
    do not tile their parent exactly, so near an edge this may differ from the cell the point lies in)."""
    return h3cells.parent_of(h3cells.cell_of(*POINTS[name]), RESOLUTION)


@pytest.fixture
def example(mission, orgs, people):
    """A: 4 incidents, no presence; B: 2 incidents (one released to KFOR), 2 h of the joint patrol; C: 1
    incident, 8 h of a UN-only patrol. Plus an incident in A five weeks before the week (outside the 4 weeks)."""
    watch = people["watch"]
    patrols = {}
    for name, joint in (("joint", "KFOR"), ("un-only", None)):
        patrols[name] = PatrolService().create(acting_user=watch, mission=mission, data={
            "name": f"Patrol {name}", "patrol_type": "mobile", "time_of_day": "day", "path": LINE,
            "planned_start": "2026-03-03T08:00:00Z", "planned_end": "2026-03-03T16:00:00Z",
            "classification": "CONFIDENTIAL",
            **({"joint_with": joint} if joint else {})})
    CellPresence.objects.create(mission=mission, patrol=patrols["joint"], week=WEEK, cell=cell("B"), seconds=7200)
    CellPresence.objects.create(mission=mission, patrol=patrols["un-only"], week=WEEK, cell=cell("C"), seconds=28800)
    # presence in another week counts in that week only
    CellPresence.objects.create(mission=mission, patrol=patrols["un-only"], week=WEEK - dt.timedelta(days=7),
                                cell=cell("A"), seconds=36000)
    when = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)
    for name, count in (("A", 4), ("B", 1), ("C", 1)):
        for i in range(count):
            lon, lat = POINTS[name]
            incident_record(acting_user=watch, mission=mission, data=dict(
                title=f"Incident {name}{i}", lon=lon, lat=lat, occurred_start=when - dt.timedelta(days=i),
                classification="CONFIDENTIAL"))
    lon, lat = POINTS["B"]
    incident_record(acting_user=watch, mission=mission, data=dict(
        title="Released to KFOR", lon=lon, lat=lat, occurred_start=when, classification="CONFIDENTIAL",
        releasable_to=["KFOR"]))
    lon, lat = POINTS["A"]
    incident_record(acting_user=watch, mission=mission, data=dict(
        title="Too old", lon=lon, lat=lat, occurred_start=when - dt.timedelta(days=35), classification="CONFIDENTIAL"))
    return patrols


def expected_rows(forecast: dict | None = None) -> list[tuple]:
    """(cell, incidents, hours, index) computed by hand from the example's figures (docs/user/coverage.md)."""
    incidents, hours = {"A": 4, "B": 2, "C": 1}, {"A": 0.0, "B": 2.0, "C": 8.0}
    rows = []
    for name in "ABC":
        share = incidents[name] / 4
        exposure = (share + (forecast or {}).get(name, 0.0)) / 2 if forecast is not None else share
        rows.append((h3cells.to_string(cell(name)), incidents[name], hours[name], exposure * (1 - hours[name] / 8)))
    return sorted(rows, key=lambda r: -r[3])


def test_the_api_orders_the_cells_by_index_with_the_figures_computed_by_hand(example, people, client_as):
    answer = client_as(people["watch"]).get("/api/v1/analytics/coverage", {"mission": "UNMIK", "week": "2026-03-05"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["weeks"] == ["2026-03-02"] and body["forecast_level"] == ""
    got = [(c["cell"], c["incidents"], c["hours"], c["index"]) for c in body["cells"]]
    want = expected_rows()
    assert [g[:3] for g in got] == [w[:3] for w in want]
    assert [g[3] for g in got] == pytest.approx([w[3] for w in want], abs=1e-4)
    assert [round(w[3], 3) for w in want] == [1.0, 0.375, 0.0]  # A unwatched, B half, C the most patrolled


def test_two_weeks_add_the_presence_of_the_week_before(example, people, client_as):
    body = client_as(people["watch"]).get("/api/v1/analytics/coverage", {
        "mission": "UNMIK", "week": "2026-03-02", "weeks": 2}).json()
    hours = {c["cell"]: c["hours"] for c in body["cells"]}
    assert body["weeks"] == ["2026-02-23", "2026-03-02"]
    assert hours[h3cells.to_string(cell("A"))] == 10.0  # the 10 h of the week before


def test_a_forecast_run_adds_to_exposure(example, mission, people, client_as):
    RiskForecast.objects.create(
        mission=mission, level="h3", h3_resolution=RESOLUTION, target="fatalities", subset="all",
        unit_key=h3cells.to_string(cell("C")), origin_month=555, target_month=556, horizon=1, p10=0, p50=1, p90=2,
        mean=1, prob_1=0.8, prob_25=0.01, model_name="test", created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        built_sight={})
    body = client_as(people["watch"]).get("/api/v1/analytics/coverage", {"mission": "UNMIK", "week": "2026-03-02"}).json()
    assert body["forecast_level"] == "h3"
    want = expected_rows({"C": 0.8})
    assert [(c["cell"], c["index"]) for c in body["cells"]] == [(w[0], pytest.approx(w[3], abs=1e-4)) for w in want]
    forecast = {c["cell"]: c["forecast"] for c in body["cells"]}
    assert forecast[h3cells.to_string(cell("C"))] == 0.8 and forecast[h3cells.to_string(cell("A"))] is None


def test_a_patrol_or_an_incident_the_reader_may_not_see_adds_nothing(example, people, client_as):
    """KFOR sees the joint patrol (2 h in B) and the incident released to it (B): B alone, the most patrolled
    of what KFOR sees; C's UN-only patrol and A's UNMIK-only incidents are not there."""
    body = client_as(people["kfor"]).get("/api/v1/analytics/coverage", {"mission": "UNMIK", "week": "2026-03-02"}).json()
    assert [(c["cell"], c["incidents"], c["hours"], c["index"]) for c in body["cells"]] == [
        (h3cells.to_string(cell("B")), 1, 2.0, 0.0)]


def test_the_page_shows_the_table_and_the_csv_has_every_cell(example, people, client_as):
    client = client_as(people["watch"])
    page = client.get(reverse("analytics:coverage"), {"week": "2026-03-04"})
    assert page.status_code == 200
    html = page.content.decode()
    want = expected_rows()
    positions = [html.index(f'data-cell="{w[0]}"') for w in want]
    assert positions == sorted(positions)  # the table in the order of the index
    assert 'id="coverage-csv"' in html and 'name="viewport"' in html
    answer = client.get(reverse("analytics:coverage"), {"week": "2026-03-02", "format": "csv"})
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert [(r["cell"], int(r["incidents"]), float(r["hours"]), float(r["index"])) for r in rows] == [
        (w[0], w[1], w[2], round(w[3], 3)) for w in want]


def test_the_page_refuses_a_bad_week(people, client_as):
    answer = client_as(people["watch"]).get(reverse("analytics:coverage"), {"week": "2026-02-30"})
    assert answer.status_code == 400 and 'id="coverage-error"' in answer.content.decode()


def test_the_cop_layer_draws_the_cells_of_the_slider_weeks(example, people, client_as):
    client = client_as(people["watch"])
    body = client.get(reverse("cop-layer", args=["coverage"]), {"since": "2026-03-02", "until": "2026-03-09"}).json()
    cells = {f["properties"]["cell"]: f for f in body["features"]}
    assert set(cells) == {w[0] for w in expected_rows()}
    a = cells[h3cells.to_string(cell("A"))]
    assert a["geometry"]["type"] == "Polygon" and len(a["geometry"]["coordinates"][0]) == 7
    assert a["properties"]["index"] == 1.0 and a["properties"]["colour"] == "#d73027"
    # a window of the week before: A has its 10 h there, and no incident of the 4 weeks before it but the old one
    before = client.get(reverse("cop-layer", args=["coverage"]), {"since": "2026-02-23", "until": "2026-03-02"}).json()
    props = {f["properties"]["cell"]: f["properties"] for f in before["features"]}
    assert props[h3cells.to_string(cell("A"))]["hours"] == 10.0
    assert props[h3cells.to_string(cell("A"))]["incidents"] == 1  # the one five weeks before 4 March


def test_the_cop_opens_with_the_coverage_layer_offered_but_not_drawn(example, people, client_as):
    """Coverage is computed per view: the COP offers it unticked (drawn once asked), the patrols ticked."""
    page = client_as(people["watch"]).get(reverse("cop")).content.decode()
    assert 'id="layer-coverage-on">' in page and 'id="layer-patrols-on" checked>' in page

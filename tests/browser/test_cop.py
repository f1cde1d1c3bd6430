"""The COP in a real browser: the Kosovo boundaries and ~50 incidents on the map, filters by category and by
brushing the histogram with list, map and histogram counts agreeing, shareable links and the back button,
live updates in a second browser context, and what a KFOR user may not see. Screenshots in test-output/browser.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from peaceops.core.choices import Classification
from peaceops.geo.loaders import load_boundaries
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOUNDARIES = Path(__file__).resolve().parents[2] / "peaceops" / "demo" / "data" / "boundaries"
START = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
TOWNS = {"Prishtinë": (21.16, 42.66), "Mitrovicë": (20.87, 42.89), "Pejë": (20.29, 42.66),
         "Prizren": (20.74, 42.21), "Gjilan": (21.47, 42.46), "Ferizaj": (21.16, 42.37), "Gjakovë": (20.43, 42.38)}
CATEGORIES = ["mission/crime", "mission/inter-ethnic", "mission/demonstration"]
SECRET_DAY = START + dt.timedelta(days=45)


@dataclass
class Seeded:
    title: str
    start: dt.datetime
    category: str
    kfor_sees: bool


@pytest.fixture
def kosovo(mission, people, settings):
    """Kosovo's regions and municipalities and 50 incidents over 40 days; the stream restarts every 8 s."""
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 8
    names = json.loads((BOUNDARIES / "kosovo_names.json").read_text(encoding="utf-8"))
    for level in (0, 1, 2):
        load_boundaries(BOUNDARIES / f"cgaz_XKX_ADM{level}.geojson", mission=mission, level=level, names=names)
    rng = random.Random(11)
    seeded = []
    for n in range(50):
        town, (lon, lat) = rng.choice(sorted(TOWNS.items()))
        start = START + dt.timedelta(days=rng.randrange(40), hours=rng.randrange(24))
        category = rng.choice(CATEGORIES)
        confidential = n % 7 == 0
        reporter = "watch"
        data = incident_data(title=f"{category.split('/')[1].title()} in {town} #{n}", occurred_start=start,
                             lon=lon + rng.uniform(-0.05, 0.05), lat=lat + rng.uniform(-0.04, 0.04),
                             location_name=town, category_path=category,
                             classification=Classification.CONFIDENTIAL if confidential else Classification.PUBLIC)
        create_incident(acting_user=people[reporter], mission=mission, data=data)
        seeded.append(Seeded(data.title, start, category, kfor_sees=not confidential))
    return seeded


def wait_ready(page, condition: str = "true"):
    """Wait until the COP has loaded map data, histogram and list for the current URL and `condition` holds."""
    page.wait_for_function(
        "() => document.querySelector('#cop').dataset.state === 'ready' && "
        "document.querySelector('#cop-map').dataset.count !== '' && (" + condition + ")", timeout=20_000)


def counts(page) -> dict[str, int]:
    return page.evaluate("""() => ({
        map: Number(document.querySelector('#cop-map').dataset.count),
        list: Number(document.querySelector('#cop-list [data-total]').dataset.total),
        histogram: Number(document.querySelector('#cop-histogram').dataset.total),
        histogramSelected: Number(document.querySelector('#cop-histogram').dataset.selectedTotal),
    })""")


def test_watch_officer_filters_by_category_and_time_and_list_and_map_agree(page, new_page, signed_in, kosovo):
    signed_in(page, "watch")
    wait_ready(page)
    assert page.locator("#cop-map").get_attribute("data-state") == "ready", "the map should draw (WebGL)"
    assert page.locator(".area-label.level-1").count() == 7  # the seven regions are named on the base map
    assert counts(page)["map"] == counts(page)["list"] == len(kosovo)

    page.select_option("#f-category", "mission/crime")
    wait_ready(page, "location.search.includes('category=mission%2Fcrime')")
    crime = [s for s in kosovo if s.category == "mission/crime"]
    got = counts(page)
    assert got["map"] == got["list"] == got["histogram"] == len(crime)

    keys = page.eval_on_selector_all("#cop-histogram rect.bar", "bars => bars.map(b => b.dataset.key)")
    first, last = keys[2], keys[-3]
    box_a = page.locator(f"#cop-histogram rect.bar[data-key='{first}']").bounding_box()
    box_b = page.locator(f"#cop-histogram rect.bar[data-key='{last}']").bounding_box()
    y = box_a["y"] + box_a["height"] - 2
    page.mouse.move(box_a["x"] + box_a["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box_b["x"] + box_b["width"] / 2, y, steps=8)
    page.mouse.up()
    wait_ready(page, "location.search.includes('since=')")
    since, until = dt.date.fromisoformat(first), dt.date.fromisoformat(last) + dt.timedelta(days=1)
    assert page.input_value("#f-since") == since.isoformat() and page.input_value("#f-until") == until.isoformat()
    window = [s for s in crime if since <= s.start.date() < until]
    got = counts(page)
    assert got["map"] == got["list"] == got["histogramSelected"] == len(window)
    assert got["histogram"] == len(crime)  # the histogram still shows the whole time line

    shared = page.url  # the link a watch officer shares, opened by a colleague
    colleague = signed_in(new_page(), "watch", next_path=quote("/" + shared.split("/", 3)[3], safe=""))
    wait_ready(colleague)
    assert colleague.input_value("#f-category") == "mission/crime"
    assert colleague.input_value("#f-since") == since.isoformat()
    assert counts(colleague)["list"] == counts(colleague)["map"] == len(window)
    page.go_back()
    wait_ready(page, "!location.search.includes('since=')")
    assert page.input_value("#f-since") == ""
    assert counts(page)["map"] == counts(page)["list"] == len(crime)


def test_a_second_browser_receives_a_new_incident_live(page, new_page, signed_in, mission, people, kosovo):
    signed_in(page, "watch")
    kfor = signed_in(new_page(), "kfor")
    for p in (page, kfor):
        wait_ready(p)
        p.wait_for_selector("#cop-live-status[data-state=open]")
    before = counts(kfor)["map"]
    assert before == sum(s.kfor_sees for s in kosovo)
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Secret meeting noted", lon=21.15, lat=42.65, classification=Classification.CONFIDENTIAL,
        occurred_start=START + dt.timedelta(days=3)))
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Roadblock on the Ibar bridge", lon=20.87, lat=42.89, occurred_start=START + dt.timedelta(days=3)))
    kfor.wait_for_selector("#cop-feed >> text=Roadblock on the Ibar bridge", timeout=15_000)
    wait_ready(kfor, f"Number(document.querySelector('#cop-map').dataset.count) === {before + 1}")
    assert counts(kfor)["list"] == before + 1
    page.wait_for_selector("#cop-feed >> text=Secret meeting noted", timeout=15_000)
    assert "Secret meeting" not in kfor.inner_text("#cop-feed")
    assert "Secret meeting" not in kfor.inner_text("#cop-list")


def test_kfor_does_not_see_a_unmik_only_confidential_incident(page, signed_in, mission, people, kosovo):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK-only source report", lon=20.87, lat=42.89, occurred_start=SECRET_DAY,
        classification=Classification.CONFIDENTIAL))
    visible = sum(s.kfor_sees for s in kosovo)
    signed_in(page, "kfor")
    wait_ready(page)
    got = counts(page)
    assert got["map"] == got["list"] == got["histogram"] == visible
    assert "UNMIK-only" not in page.inner_text("#cop-list")
    assert page.locator(f"#cop-histogram rect.bar[data-key='{SECRET_DAY.date()}']").count() == 0
    # Zoomed in on Mitrovica: individual markers. A fresh load, not a same-page hash change, which races the
    # map's own throttled hash update (MapLibre may write the old view back before the hashchange is handled).
    page.goto("about:blank")
    page.goto("/#map=11/42.89/20.87")
    wait_ready(page, "document.querySelector('#cop-map').dataset.mode === 'points'")
    ids_titles = page.evaluate("() => COP.map.ids().length")
    assert ids_titles == counts(page)["map"] == counts(page)["list"]
    assert "UNMIK-only" not in page.inner_text("#cop-list")
    expected_near = sum(1 for s in kosovo if s.kfor_sees and "Mitrovicë" in s.title)
    assert 0 < counts(page)["list"] <= expected_near

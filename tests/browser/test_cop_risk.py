"""The COP's risk layer in a real browser: a viewer switches on the stored risk forecast, picks a month three
months ahead, clicks a region and reads its probability in the popup; the link reproduces the layer."""

import datetime as dt
import math
from urllib.parse import quote

import pytest
from django.core.management import call_command

from peaceops.analytics.models import RiskForecast
from peaceops.testing.world import Seed, create, make_areas
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def percent(p: float) -> str:
    """As the popup writes a probability (JavaScript's Math.round)."""
    if 0 < p < 0.005:
        return "< 1%"
    if 0.995 < p < 1:
        return "> 99%"
    return f"{math.floor(p * 100 + 0.5)}%"


@pytest.fixture
def forecast(mission, people):
    """Two regions of two municipalities; two years of deadly incidents in Westmark (West) and Eastfield (East);
    an admin-1 forecast run built by the viewer with data through 2025-12."""
    areas = make_areas(mission)
    seeds = []
    for i in range(24):
        when = dt.datetime(2024 + i // 12, i % 12 + 1, 10, 12, tzinfo=dt.UTC)
        seeds.append(Seed(when, "mission/crime", 3 + i % 4, 0, "Westmark", "PUBLIC", "UNMIK", f"w{i}"))
        if i % 3 == 0:
            seeds.append(Seed(when, "mission/crime", 1, 0, "Eastfield", "PUBLIC", "UNMIK", f"e{i}"))
    create(seeds, mission, people)
    call_command("forecast", "run", "--mission", "UNMIK", "--user", "viewer", "--level", "adm1",
                 "--origin", "2025-12", "--trees", "10", verbosity=0)
    return areas


def risk_ready(page, condition: str = "true"):
    page.wait_for_function("() => document.querySelector('#cop').dataset.risk === 'ready' && (" + condition + ")",
                           timeout=20_000)


def test_a_viewer_switches_on_the_risk_layer_and_reads_a_region_in_the_popup(page, new_page, signed_in, forecast,
                                                                             mission):
    signed_in(page, "viewer")
    page.wait_for_function("() => document.querySelector('#cop-map').dataset.state === 'ready'", timeout=20_000)
    assert page.locator("#cop").get_attribute("data-risk") == "off"  # off by default
    assert page.locator("#risk-level option").all_inner_texts() == ["Admin 1"]
    assert not page.is_visible("#risk-legend")

    page.check("#risk-on")
    risk_ready(page, "location.search.includes('risk=adm1')")
    assert page.locator("#cop-risk").get_attribute("data-count") == "2"
    assert "2026-01" in page.inner_text("#risk-legend")

    page.select_option("#risk-horizon", "3")
    risk_ready(page, "location.search.includes('horizon=3')")
    legend = page.inner_text("#risk-legend")
    assert "2026-03" in legend and "> 60%" in legend and "2025-12" in legend and "viewer" in legend
    assert page.locator("#risk-horizon option:checked").inner_text().startswith("2026-03")

    # Northwest, in the West region, holds no incident: the click reaches the risk layer, not a hexagon.
    point = page.evaluate("() => COP.map.project([20.25, 42.85])")
    box = page.locator("#cop-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.wait_for_selector(".risk-popup")
    page.screenshot(path=str(SCREENSHOTS / "risk-layer-popup.png"))
    west = RiskForecast.objects.get(mission=mission, level="adm1", unit_label="West", horizon=3)
    assert popup.get_attribute("data-unit") == str(forecast["West"].pk)
    text = popup.inner_text()
    assert "West" in text and "2026-03" in text
    assert page.inner_text(".risk-popup .risk-prob1") == percent(west.prob_1)
    assert f"P(≥25 fatalities): {percent(west.prob_25)}" in text
    assert "by viewer" in text and "2025-12" in text

    shared = page.url  # the link a colleague opens shows the same layer and month
    colleague = signed_in(new_page(), "viewer", next_path=quote("/" + shared.split("/", 3)[3], safe=""))
    risk_ready(colleague)
    assert colleague.is_checked("#risk-on") and colleague.input_value("#risk-horizon") == "3"
    assert "2026-03" in colleague.inner_text("#risk-legend")

    page.uncheck("#risk-on")
    page.wait_for_function("() => document.querySelector('#cop').dataset.risk === 'off'")
    assert "risk=" not in page.url and not page.is_visible("#risk-legend")

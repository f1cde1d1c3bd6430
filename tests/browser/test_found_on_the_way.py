"""Small things found on the way, in a real browser: the casualties legend names its lowest step plainly, and a
shared COP link keeps its map position (`#map=zoom/lat/lon`) through sign-in, with or without the code step."""

import datetime as dt
import re

import pytest

from peaceops.incidents.services import create_incident
from tests.accounts.conftest import enrolled, fresh_code
from tests.factories import incident_data

PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = "/?category=mission/crime#map=11/42.66/21.16"


@pytest.fixture
def incidents(mission, people):
    for n, (lon, lat, killed) in enumerate([(21.16, 42.66, 0), (20.87, 42.89, 3), (20.74, 42.21, 25)]):
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
            title=f"Incident {n}", occurred_start=dt.datetime(2026, 1, 5 + n, 9, tzinfo=dt.UTC), lon=lon, lat=lat,
            category_path="mission/crime", fatalities_low=killed, fatalities_best=killed, fatalities_high=killed))


def wait_ready(page):
    page.wait_for_function("() => document.querySelector('#cop').dataset.state === 'ready' && "
                           "document.querySelector('#cop-map').dataset.count !== ''", timeout=20_000)


def test_casualties_legend_says_0_killed_not_0_0(page, signed_in, incidents):
    signed_in(page, "watch", next_path="/%3Fcolour%3Dcasualties")
    wait_ready(page)
    legend = [" ".join(row.split()) for row in page.locator("#cop-legend").inner_text().splitlines() if row.strip()]
    assert legend[0] == "0 killed", legend
    assert not any(re.search(r"\b(\d+)–\1\b", row) for row in legend), legend
    assert legend[1].startswith("1–4 ")


def _map_position(page) -> str:
    page.wait_for_function("() => location.hash.startsWith('#map=')")
    return page.evaluate("() => location.hash")


def _sign_in_on_the_page_we_were_sent_to(page, username):
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state("load")


def test_a_shared_link_keeps_its_map_position_through_sign_in(page, incidents):
    page.goto(SHARED)
    _sign_in_on_the_page_we_were_sent_to(page, "watch")
    wait_ready(page)
    assert "category=mission%2Fcrime" in page.url or "category=mission/crime" in page.url
    assert _map_position(page).startswith("#map=11/42.66/21.16")


def test_the_map_position_survives_the_sign_in_code_step_too(page, people, incidents):
    device = enrolled(people["watch"])
    page.goto(SHARED)
    _sign_in_on_the_page_we_were_sent_to(page, "watch")
    assert "/accounts/two-factor/verify/" in page.url
    page.fill("input[name=code]", fresh_code(device))
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_load_state("load")
    wait_ready(page)
    assert _map_position(page).startswith("#map=11/42.66/21.16")

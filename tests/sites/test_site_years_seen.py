"""Geo-PKO sites have years, not opening or closing dates: the list and the detail page show the first and last
year each site was seen (read here from the bundled subset with the csv module) instead of empty dates."""

import csv
import datetime as dt
import re
from collections import defaultdict

import pytest
from django.test import Client
from lxml import html

from peaceops.interop.records import import_records
from peaceops.sites.models import Site
from peaceops.sites.services import SiteService

from .conftest import GEO_PKO


def years_in_file(mission: str) -> dict[str, tuple[int, int]]:
    years = defaultdict(set)
    with (GEO_PKO / "FrontMap_v.2.3_1994_2017.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["mission"] == mission:
                years[row["location"]].add(int(row["year"]))
    return {name: (min(y), max(y)) for name, y in years.items()}


@pytest.fixture
def minusca(site_admins):
    mission, admin = site_admins["MINUSCA"]
    import_records(SiteService(), GEO_PKO, format="geo-pko", mission=mission, acting_user=admin)
    client = Client()
    client.force_login(admin)
    return mission, admin, client


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_list_shows_the_years_each_site_was_seen(minusca):
    mission, _admin, client = minusca
    want = years_in_file("MINUSCA")
    page = html.fromstring(client.get("/sites/", {"per_page": 500}, HTTP_ACCEPT_LANGUAGE="en").content)
    headers = [_text(th) for th in page.xpath("//table//thead//th")]
    opened, closed = headers.index("Opened"), headers.index("Closed")
    shown = {}
    for row in page.xpath("//table//tbody/tr"):
        cells = [_text(td) for td in row.xpath("td")]
        shown[cells[0]] = (cells[opened], cells[closed])
    assert shown, "the list shows the sites"
    for name, (opened_text, closed_text) in shown.items():
        first, last = want[name]
        assert opened_text == f"not recorded; first seen in {first}"
        assert closed_text == f"not recorded; last seen in {last}"


def test_the_detail_page_says_so_and_a_recorded_date_still_wins(minusca):
    mission, admin, client = minusca
    name, (first, last) = sorted(years_in_file("MINUSCA").items())[0]
    site = Site.objects.get(mission=mission, name=name)
    page = html.fromstring(client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert _text(page.get_element_by_id("field-opened_on")) == f"not recorded; first seen in {first}"
    assert _text(page.get_element_by_id("field-closed_on")) == f"not recorded; last seen in {last}"
    Site.objects.filter(pk=site.pk).update(opened_on=dt.date(2014, 9, 15))
    page = html.fromstring(client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert re.search(r"2014", _text(page.get_element_by_id("field-opened_on")))
    assert "seen" not in _text(page.get_element_by_id("field-opened_on"))

"""The external forecasts page: an analyst or watch officer opens it from the early-warning section, sees the
sets of the mission, and for one set its scores beside the benchmarks, pooled and month by month, with the
ratios and their 90% intervals, computed from the incidents they may see."""

import re

import pytest

from peaceops.analytics.forecasting import metrics
from peaceops.core.choices import Role
from tests.analytics.test_external_forecasts import _world, hand_samples, import_file, observed
from tests.analytics.test_external_scores import state_based  # noqa: F401 (a fixture)
from tests.factories import MissionFactory, member

pytestmark = pytest.mark.django_db
LIST = "/analytics/external-forecasts/"


@pytest.fixture
def world(mission, people):
    """The world of test_external_forecasts.py, recorded for each test here (a test here records its own)."""
    return _world()


def cells(html: str, row_attr: str) -> list[str]:
    """The text of each cell of the first table row carrying `row_attr` (e.g. 'data-metric="crps"')."""
    row = re.search(rf"<tr [^>]*{re.escape(row_attr)}[^>]*>(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_early_warning_section_links_to_the_page(client_as, people, mission):
    html = client_as(people["viewer"]).get("/analytics/early-warning/").content.decode()
    assert f'href="{LIST}"' in html


def test_a_viewer_lists_the_sets_and_reads_the_scores_of_one(world, people, client_as):  # noqa: F811
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    client = client_as(people["viewer"])
    listing = client.get(LIST).content.decode()
    assert f'data-forecast="{forecast.pk}"' in listing and "samples_pgm_long" in listing
    assert "2025-01 – 2025-03" in listing and "4 samples" in listing

    page = client.get(f"{LIST}{forecast.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    y, samples = observed(kfor=False), hand_samples()
    crps = metrics.crps(samples, y).mean()
    zero = metrics.crps(samples[:, :1] * 0, y).mean()
    row = cells(html, 'data-metric="crps"')
    assert row[1] == f"{crps:.3f}" and row[3] == f"{zero:.3f}"
    ratio, low, high = re.match(r"([\d.]+) \(([\d.]+)–([\d.]+)\)", row[5]).groups()
    assert ratio == f"{crps / zero:.3f}" and float(low) <= float(ratio) <= float(high)
    assert row[6] in ("better", "worse")
    assert "6 of 6 unit-months scored, against 14 incidents you may see." in html
    assert "bootstrap resamples of the 2" in html
    # Month by month: horizons 1 to 3 (2025-01 to 2025-03), each with its CRPS and how many cells had deaths.
    for h, month, events in ((1, "2025-01", 1), (2, "2025-02", 1), (3, "2025-03", 0)):
        row = cells(html, f'data-horizon="{h}"')
        assert row[:4] == [str(h), month, "2", str(events)]
        mask = slice(h - 1, None, 3)  # rows are sorted by cell, then month
        assert row[5] == f"{metrics.crps(samples[mask], y[mask]).mean():.3f}"
    assert 'id="probabilities-only"' not in html


def test_a_partner_sees_the_set_scored_on_what_it_may_see(world, people, client_as):  # noqa: F811
    """The 30 killed of 2025-03 are CONFIDENTIAL to KFOR: the KFOR member's month 3 has a cell with deaths and
    a different CRPS; the UNMIK viewer's does not."""
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    kfor = client_as(people["kfor"]).get(f"{LIST}{forecast.pk}/").content.decode()
    assert cells(kfor, 'data-horizon="3"')[3] == "1"
    assert cells(kfor, 'data-metric="crps"')[1] == f"{metrics.crps(hand_samples(), observed(kfor=True)).mean():.3f}"
    viewer = client_as(people["viewer"]).get(f"{LIST}{forecast.pk}/").content.decode()
    assert cells(viewer, 'data-horizon="3"')[3] == "0"


def test_a_user_of_another_mission_sees_no_set(world, people, orgs, client_as):  # noqa: F811
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    outsider = member(MissionFactory(code="MINUSCA"), orgs["UNMIK"], Role.ANALYST, username="minusca")
    client = client_as(outsider)
    listing = client.get(LIST).content.decode()
    assert "samples_pgm_long" not in listing and "No external forecast has been imported" in listing
    assert client.get(f"{LIST}{forecast.pk}/").status_code == 404
    assert client.get(f"{LIST}{forecast.pk}/", headers={"HX-Request": "true"}).status_code == 404


def test_a_probability_set_says_only_brier_and_auroc_apply(state_based, people, client_as):  # noqa: F811
    forecast = import_file("probabilities_cm.csv", people["reporter"], "--country-id", "999", "--column",
                           "average_basewthematic_sb", unit="country")
    html = client_as(people["viewer"]).get(f"{LIST}{forecast.pk}/").content.decode()
    assert 'id="probabilities-only"' in html and "CRPS, ignorance and interval scores are not defined" in html
    assert re.findall(r'<tr data-metric="(\w+)"', html) == ["brier_1", "auroc_1"]
    # p = 0.8, 0.3, 0.1, 0.6 for 2025-01..04 against state-based deaths 4, 0, 0, 2 (test_external_forecasts).
    assert cells(html, 'data-metric="brier_1"')[1:4] == ["0.075", "0.296", "0.500"]
    # One unit (the country): the interval resamples the four months; a single month has none.
    assert "resamples of the 4 months" in html
    assert re.fullmatch(r"0\.253 \([\d.]+–[\d.]+\)", cells(html, 'data-metric="brier_1"')[4])
    first = cells(html, 'data-horizon="1"')  # 2025-01: p = 0.8, 4 killed; zero gives p = 0
    assert first[:2] == ["1", "2025-01"] and first[4:6] == ["Brier, at least 1 fatality (lower is better)", "0.040"]
    assert first[7] == "1.000" and "(" not in first[8] + first[9]


def test_choosing_a_set_swaps_in_the_scores_panel(world, people, client_as):  # noqa: F811
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    client = client_as(people["viewer"])
    listing = client.get(LIST).content.decode()
    assert f'hx-get="{LIST}{forecast.pk}/" hx-target="#external-scores"' in listing
    panel = client.get(f"{LIST}{forecast.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert panel.lstrip().startswith('<div id="external-scores-body"') and "<html" not in panel
    assert 'data-metric="crps"' in panel


def test_anonymous_visitors_sign_in(client):
    assert client.get(LIST)["Location"].startswith("/accounts/login/")

"""Conduct statistics on every route: the page /conduct/statistics/ and GET /api/v1/conduct/statistics (each
`by`), for holders of `conduct.statistics.view` (an analyst, a mission administrator, a conduct officer); a
viewer, a partner (KFOR) and a token without `conduct:read` are refused. No count under the threshold is ever
shown (a cell of 1 or 2 never appears), no case is shown, and the mission's threshold decides what shows."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.conduct import statistics
from peaceops.conduct.models import ConductSettings
from peaceops.testing import world

from .test_statistics import build

pytestmark = pytest.mark.django_db
PAGE, API = "/conduct/statistics/", "/api/v1/conduct/statistics"
BYS = [[d] for d in statistics.DIMENSIONS] + [
    ["year", "personnel_category"],
    ["un_mission", "outcome"],
    ["allegation", "victims"],
]


def token_client(user, *scopes) -> Client:
    out = io.StringIO()
    call_command(
        "create_token",
        user.username,
        "--name",
        "statistics",
        *[a for s in scopes for a in ("--scope", s)],
        stdout=out,
        stderr=io.StringIO(),
    )
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def counts_of(answer: dict) -> list:
    """Every count an API answer gives (cells, totals by dimension, the total)."""
    found = [
        answer["total"],
        *answer["cells"],
        *[c for rows in answer.get("totals", {}).values() for c in rows],
    ]
    for cell in found:
        assert (cell["count"] is None) == cell["suppressed"], cell
    return [cell["count"] for cell in found]


def page_counts(html: str) -> list[int]:
    """Every number shown in the page's table cells and chart titles."""
    cells = re.findall(r"<td>\s*(\d+)\s*</td>", html)
    titles = re.findall(r"<title>[^<]*: (\d+)</title>", html)
    return [int(n) for n in cells + titles]


@pytest.fixture
def small_world(conduct_people, case_of, mission):
    """The eleven cases of tests/conduct/test_statistics.py, threshold 3."""
    return build(conduct_people["cdo"], case_of, mission)


@pytest.fixture
def analyst(conduct_people):
    return world.people("analyst")["analyst"]


def test_the_api_gives_the_figures_by_hand_with_small_cells_null(small_world, client_as, analyst):
    client = client_as(analyst)
    answer = client.get(API, {"by": ["year", "personnel_category"]}).json()
    assert (answer["mission"], answer["threshold"], answer["by"]) == (
        "UNMIK",
        3,
        ["year", "personnel_category"],
    )
    cells = {(c["year"], c["personnel_category"]): c for c in answer["cells"]}
    assert cells[(2025, "military_contingent")] == {
        "year": 2025,
        "personnel_category": "military_contingent",
        "count": 4,
        "suppressed": False,
    }
    assert cells[(2025, "formed_police")] == {
        "year": 2025,
        "personnel_category": "formed_police",
        "count": None,
        "suppressed": True,
    }
    assert [(r["year"], r["count"]) for r in answer["totals"]["year"]] == [(2025, 5), (2026, 6)]
    assert answer["total"] == {"count": 11, "suppressed": False}
    by_year = client.get(API, {"by": "year", "from": "2026", "un_mission": "UNMIK"}).json()
    assert [(c["year"], c["count"]) for c in by_year["cells"]] == [(2026, 5)]


def test_no_count_under_the_threshold_on_any_route(small_world, client_as, analyst):
    client = client_as(analyst)
    for threshold in (3, 5):
        ConductSettings.objects.filter(mission=small_world).update(suppression_threshold=threshold)
        for by in BYS:
            for filters in ({}, {"from": "2025", "to": "2025"}, {"un_mission": "MINUSCA"}):
                answer = client.get(API, {"by": by, **filters})
                assert answer.status_code == 200, answer.content
                counts = counts_of(answer.json())
                assert all(n is None or n >= threshold for n in counts), (threshold, by, filters, counts)
                assert 1 not in counts and 2 not in counts
        for filters in ({}, {"from": "2025", "to": "2025"}, {"un_mission": "MINUSCA"}, {"from": "2026"}):
            html = client.get(PAGE, filters).content.decode()
            numbers = page_counts(html)
            assert all(n >= threshold for n in numbers), (threshold, filters, numbers)
            assert numbers or filters == {"un_mission": "MINUSCA"}  # MINUSCA's one case: everything hidden


def test_the_threshold_the_mission_sets_decides_what_shows(small_world, client_as, analyst):
    client = client_as(analyst)
    page = client.get(PAGE).content.decode()
    assert 'id="threshold-note"' in page and "Counts under 3 are never shown" in page
    assert re.search(r'<th scope="row">2025</th><td>4</td>', page)  # military contingent, 2025
    ConductSettings.objects.filter(mission=small_world).update(suppression_threshold=5)
    page = client.get(PAGE).content.decode()
    assert "Counts under 5 are never shown" in page
    assert not re.search(r'<th scope="row">2025</th><td>4</td>', page)
    answer = client.get(API, {"by": ["year", "personnel_category"]}).json()
    military = [c for c in answer["cells"] if c["personnel_category"] == "military_contingent"]
    assert {c["count"] for c in military} == {None}


def test_holders_see_aggregates_and_no_case(small_world, client_as, conduct_people, analyst):
    for user in (analyst, conduct_people["admin"], conduct_people["cdo2"]):
        client = client_as(user)
        page = client.get(PAGE)
        assert page.status_code == 200, user.username
        html = page.content.decode()
        assert "CDT-" not in html and "Transactional sex alleged" not in html  # no reference, no summary
        assert 'class="chart bar-chart"' in html and 'id="chart-year"' in html
        assert client.get(API, {"by": "outcome"}).status_code == 200
    from peaceops.conduct.models import Case

    assert not Case.objects.visible_to(analyst).exists()


def test_others_are_refused(small_world, client_as, conduct_people):
    for name in ("viewer", "kfor", "reporter"):
        client = client_as(conduct_people[name])
        assert client.get(PAGE).status_code == 403, name
        answer = client.get(API, {"by": "year"})
        assert answer.status_code == 403, (name, answer.content)
        assert answer.json().get("count") is None and "cells" not in answer.json()
    assert Client().get(API).status_code == 401
    assert Client().get(PAGE).status_code == 302


def test_tokens_need_conduct_read(small_world, analyst):
    answer = token_client(analyst, "conduct:read").get(API, {"by": "year"})
    assert answer.status_code == 200 and answer.json()["total"]["count"] == 11
    assert token_client(analyst, "incidents:read").get(API, {"by": "year"}).status_code == 403
    kfor = world.people("kfor")["kfor"]
    assert token_client(kfor, "conduct:read").get(API, {"by": "year"}).status_code == 403


def test_bad_parameters_name_the_field(small_world, client_as, analyst):
    client = client_as(analyst)
    for params, field in (
        ({"by": "nationality"}, "by"),
        ({"by": ["year", "year"]}, "by"),
        ({"from": "20x"}, "from"),
        ({"from": "2026", "to": "2025"}, "to"),
        ({"mission": "NOPE"}, "mission"),
    ):
        answer = client.get(API, params)
        assert answer.status_code == 422, params
        assert json.dumps(answer.json()).find(field) >= 0, (params, answer.json())
    page = client.get(PAGE, {"from": "20x"})
    assert page.status_code == 200 and "from:" in page.content.decode()

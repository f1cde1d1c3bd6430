"""A forecast run from the risk section that fails (a mission without incidents: nothing to learn from) shows
its error (beside test_forecast_page_action.py, whose tests share a history recorded once for their module)."""

import pytest
from django_tasks_db.models import DBTaskResult

from peaceops.analytics import runs
from tests.worker.test_forecast_page_action import HTMX, drain, poll_url

pytestmark = pytest.mark.django_db


def test_a_run_that_fails_shows_its_error(mission, people, client_as, monkeypatch):
    monkeypatch.setattr(runs, "PAGE_TREES", 10)
    client = client_as(people["watch"])  # a mission without incidents: nothing to learn from
    url = poll_url(client.post("/analytics/risk/run/", {"level": "adm1"}, **HTMX).content.decode())
    drain()
    html = client.get(url, **HTMX).content.decode()
    assert "The forecast failed: ForecastError: no incidents visible to this user in the mission" in html
    assert DBTaskResult.objects.get().status == "FAILED"  # bad input: not retried

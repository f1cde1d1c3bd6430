"""Running a forecast from the risk section: the page enqueues the run and answers at once with a progress
fragment that polls; the worker runs it (here in this process); the fragment then shows the summary and the
risk table the new forecast. Only analysts (incident.report) see the action,
and only the one who started a run may follow it."""

import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peaceops.analytics import runs
from peaceops.analytics.models import RiskForecast
from peaceops.analytics.tasks import refresh_forecasts_task
from peaceops.testing import world as test_world
from peaceops.testing.world import Seed, monthly_seeds, seed_world
from peaceops.worker.models import WorkerBeat
from peaceops.worker.runner import PeaceOpsWorker

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _seeds():
    def month(i, when):
        yield Seed(when, "mission/crime", 2 + i % 3, 0, "Westmark", "PUBLIC", "UNMIK", f"w{i}")
        if i % 4 == 0:
            yield Seed(when, "mission/crime", 0, 1, "Northwest", "PUBLIC", "UNMIK", f"n{i}")

    return monthly_seeds(month)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """The areas and two years of incidents, recorded once for the module (each test's writes roll back; the
    test of a run without incidents is in test_forecast_page_failure.py)."""
    yield from test_world.built_once(
        django_db_blocker, lambda: seed_world(test_world.mission(), test_world.people(), _seeds()))


@pytest.fixture
def world(history, monkeypatch):
    monkeypatch.setattr(runs, "PAGE_TREES", 10)  # quick trees; the page's run is otherwise the CLI's
    return history


def drain() -> int:
    return PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()


def poll_url(html: str) -> str:
    return re.search(r'hx-get="(/analytics/risk/run/[^"]+/)"', html).group(1)


def test_a_forecast_run_from_the_page_runs_on_the_worker_and_shows_its_progress_and_result(world, people,
                                                                                            client_as):
    client = client_as(people["watch"])
    section = client.get("/analytics/risk/", **HTMX).content.decode()
    assert "No forecast you may read" in section and "Run forecast</button>" in section

    started = client.post("/analytics/risk/run/", {"level": "adm2", "target": "fatalities"}, **HTMX)
    html = started.content.decode()
    assert started.status_code == 200 and "Queued: waiting for the background worker." in html
    assert RiskForecast.objects.count() == 0  # the page did not run it
    url = poll_url(html)
    waiting = client.get(url, **HTMX).content.decode()
    assert "Queued" in waiting and "No background worker is running" in waiting
    WorkerBeat.objects.create(worker_id="w1", started_at=timezone.now(), beat_at=timezone.now())
    assert "No background worker is running" not in client.get(url, **HTMX).content.decode()

    assert drain() == 1
    done = client.get(url, **HTMX)
    html = done.content.decode()
    assert "Done: 48 forecasts stored (4 areas x 12 months)" in html
    assert 'hx-trigger="every 1s"' not in html  # polling stops
    assert "forecast-done" in done["HX-Trigger"]
    table = client.get("/analytics/risk/", **HTMX).content.decode()
    assert 'id="risk-table"' in table and "Westmark" in table
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_monthly_refresh_reruns_a_stored_run_once_a_new_month_is_complete(world, people, client_as, mission):
    client = client_as(people["watch"])
    client.post("/analytics/risk/run/", {"level": "adm2", "target": "incidents"}, **HTMX)
    drain()
    origin = RiskForecast.objects.values_list("origin_month", flat=True).first()
    assert refresh_forecasts_task.enqueue() and drain() == 1  # the refresh: this month's run is there
    assert DBTaskResult.objects.filter(task_path=refresh_forecasts_task.module_path).get().return_value == 0
    RiskForecast.objects.update(origin_month=origin - 1)  # as if it had been run last month
    refresh_forecasts_task.enqueue()
    assert drain() == 2  # the refresh, then the run it enqueued
    latest = RiskForecast.objects.filter(origin_month=origin)
    assert latest.count() == 48 and {f.built_by for f in latest} == {people["watch"]}
    assert set(latest.values_list("target", flat=True)) == {"incidents"}


def test_only_analysts_may_run_and_only_the_starter_may_follow(world, people, client_as):
    viewer = client_as(people["viewer"])
    assert "Run forecast</button>" not in viewer.get("/analytics/risk/", **HTMX).content.decode()
    assert viewer.post("/analytics/risk/run/", {"level": "adm2"}, **HTMX).status_code == 404
    watch = client_as(people["watch"])
    url = poll_url(watch.post("/analytics/risk/run/", {"level": "adm2"}, **HTMX).content.decode())
    assert watch.post("/analytics/risk/run/", {"level": "planet"}, **HTMX).status_code == 400
    reporter = client_as(people["reporter"])
    assert reporter.get(url, **HTMX).status_code == 404
    assert DBTaskResult.objects.count() == 1


def test_with_tasks_run_at_once_the_page_shows_the_result_straight_away(world, people, client_as, settings):
    """PEACEOPS_TASKS_BACKEND=immediate (no worker): the run happens in the request and the answer says so."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_as(people["watch"])
    html = client.post("/analytics/risk/run/", {"level": "adm2"}, **HTMX).content.decode()
    assert "Done: 48 forecasts stored" in html and 'hx-trigger="every 1s"' not in html
    assert RiskForecast.objects.count() == 48

"""Importing an external forecast from the page: an analyst uploads a file, the page stores it and enqueues the
import on the background worker (run here in this process, on the database queue as in production), the
progress page polls until the import is done and then shows the set stored and every row not kept; a file the
reader cannot use ends with the reason and nothing stored; the form refuses what it can tell at once."""

import html as html_module
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from peaceops.analytics.models import ExternalForecast
from peaceops.core.choices import Role
from peaceops.worker.runner import PeaceOpsWorker
from tests.analytics.test_external_forecasts import VIEWS, world  # noqa: F401 (fixture)
from tests.factories import member

pytestmark = pytest.mark.django_db
FORM = "/analytics/external-forecasts/import/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _database_queue(settings, _tasks_run_at_once, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PEACEOPS_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def analyst(mission, orgs, people):
    return member(mission, orgs["UNMIK"], Role.ANALYST, username="analyst")


def drain() -> int:
    return PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (VIEWS / name).read_bytes())


def _text(html: str) -> str:
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_an_uploaded_file_is_imported_on_the_worker_with_its_rejects(world, analyst, client_as, settings):  # noqa: F811
    client = client_as(analyst)
    listing = client.get("/analytics/external-forecasts/").content.decode()
    assert f'href="{FORM}"' in listing  # the way in: from the external forecasts page
    started = client.post(FORM, {"file": upload("samples_pgm_bad.csv"), "name": "hand-made", "unit": "priogrid"})
    assert started.status_code == 302
    status_url = started["Location"]
    assert re.fullmatch(r"/analytics/external-forecasts/import/[^/]+/", status_url)
    page = client.get(status_url).content.decode()
    assert "Queued: waiting for the background worker." in page and 'hx-trigger="every 1s"' in page
    assert not ExternalForecast.objects.exists()  # the page did not import it
    stored = list((settings.PEACEOPS_UPLOAD_DIR / "external-forecasts").glob("*/samples_pgm_bad.csv"))
    assert len(stored) == 1

    assert drain() == 1
    done = client.get(status_url, **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' not in done  # polling stops
    forecast = ExternalForecast.objects.get()
    assert (forecast.name, forecast.source_name, forecast.imported_by) == ("hand-made", "samples_pgm_bad.csv",
                                                                           analyst)
    text = _text(done)
    assert "Stored “hand-made”: 2 unit(s)." in text
    assert "Rows read: 10; kept: 4; rejected: 5; outside the mission: 1." in text
    assert "line 6:" in text and "negative" in text and "line 7:" in text and "'abc' is not a number" in text
    assert f'href="/analytics/external-forecasts/{forecast.pk}/"' in done
    assert not stored[0].exists()  # the upload is not kept once imported
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_file_that_cannot_be_read_stores_nothing_and_says_why(world, analyst, client_as):  # noqa: F811
    client = client_as(analyst)
    bad = b"month,cell,value\n541,190481,1\n"
    status_url = client.post(FORM, {"file": upload("no_columns.csv", bad), "unit": "priogrid"})["Location"]
    drain()
    text = _text(client.get(status_url).content.decode())
    assert "Nothing was imported:" in text and "month_id" in text
    assert not ExternalForecast.objects.exists()


def test_strict_refuses_a_file_with_bad_rows(world, analyst, client_as):  # noqa: F811
    client = client_as(analyst)
    status_url = client.post(FORM, {"file": upload("samples_pgm_bad.csv"), "unit": "priogrid",
                                    "strict": "on"})["Location"]
    drain()
    text = _text(client.get(status_url).content.decode())
    assert "Nothing was imported: 5 row(s) rejected" in text and "line 4:" in text
    assert not ExternalForecast.objects.exists()


def test_the_form_refuses_what_it_can_tell_at_once(world, analyst, client_as, settings):  # noqa: F811
    client = client_as(analyst)
    response = client.post(FORM, {"file": upload("forecast.xlsx", b"PK\x03\x04"), "unit": "priogrid"})
    assert response.status_code == 400 and "forecast.xlsx: give a .csv, .csv.gz or .parquet file" in \
        response.content.decode()
    response = client.post(FORM, {"file": upload("samples_pgm_long.csv"), "unit": "country"})
    assert response.status_code == 400 and "For unit country, give the mission&#x27;s ViEWS country id." in \
        response.content.decode()
    assert not DBTaskResult.objects.exists()
    assert not (settings.PEACEOPS_UPLOAD_DIR / "external-forecasts").exists()  # nothing stored


def test_only_its_starter_follows_an_import_and_readers_may_not_import(world, analyst, client_as, people):  # noqa: F811
    status_url = client_as(analyst).post(FORM, {"file": upload("samples_pgm_long.csv"),
                                                "unit": "priogrid"})["Location"]
    client = client_as(people["watch"])
    assert client.get(status_url).status_code == 404
    viewer = client_as(people["viewer"])
    assert viewer.post(FORM, {"file": upload("samples_pgm_long.csv"), "unit": "priogrid"}).status_code == 403
    assert 'href="/analytics/external-forecasts/import/"' not in viewer.get(
        "/analytics/external-forecasts/").content.decode()

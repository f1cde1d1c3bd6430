"""Exporting incidents from the operational picture's list: small exports download at once; one over
PEACEOPS_EXPORT_BACKGROUND_ROWS is written by the worker (run at once here: tests/conftest.py), shows its
progress, and is downloaded by the user who asked, and no one else, with only what they may see."""

import csv
import io

import pytest
from django.test import Client

from peaceops.incidents.services import create_incident
from peaceops.ledger.models import LedgerEntry
from peaceops.testing.world import build_kit_world
from peaceops.worker.models import TaskProgress
from tests.factories import incident_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.PEACEOPS_EXPORT_DIR = tmp_path / "exports"
    world = build_kit_world("EXP")
    admin = world.users["mission_admin"]
    world.public = [create_incident(acting_user=admin, mission=world.mission, owner=world.owner, data=incident_data(
        title=f"Public incident {n}", classification="PUBLIC", category_path=None)).pk for n in range(3)]
    world.confidential = create_incident(acting_user=admin, mission=world.mission, owner=world.owner,
                                         data=incident_data(title="Confidential incident", category_path=None,
                                                            classification="CONFIDENTIAL")).pk
    return world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ids(text: str) -> set[str]:
    return {row["uuid"] or row["id"] for row in csv.DictReader(io.StringIO(text))}


def _all(world) -> set[str]:
    return {str(pk) for pk in [*world.public, world.confidential]}


def test_a_small_export_downloads_at_once(world, settings):
    settings.PEACEOPS_EXPORT_BACKGROUND_ROWS = 10
    answer = _client(world.users["viewer"]).post("/exports/incidents/", {"format": "csv"})
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith('attachment; filename="incidents-EXP')
    assert _ids(b"".join(answer.streaming_content).decode()) == _all(world)
    assert not TaskProgress.objects.exists()  # nothing queued
    assert LedgerEntry.objects.filter(kind="export").count() == 1


def test_a_large_export_runs_on_the_worker_and_only_its_requester_downloads_it(world, settings):
    settings.PEACEOPS_EXPORT_BACKGROUND_ROWS = 2
    unrelated = _client(world.users["unrelated"])
    page = unrelated.post("/exports/incidents/", {"format": "csv"})  # 3 public incidents: over the threshold
    task = TaskProgress.objects.get(requested_by=world.users["unrelated"])
    text = page.content.decode()
    assert page.status_code == 200 and "Done: 3 incidents written." in text and 'id="export-download"' in text
    download = unrelated.get(f"/exports/{task.task_id}/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert _ids(b"".join(download.streaming_content).decode()) == {str(pk) for pk in world.public}
    for other in ("viewer", "mission_admin", "partner"):
        client = _client(world.users[other])
        assert client.get(f"/exports/{task.task_id}/download/").status_code == 404, other
        assert client.get(f"/exports/{task.task_id}/").status_code == 404, other
    assert LedgerEntry.objects.filter(kind="export").count() == 1


def test_the_export_holds_what_the_requester_sees_with_the_filters_of_the_list(world, settings):
    settings.PEACEOPS_EXPORT_BACKGROUND_ROWS = 1
    viewer = _client(world.users["viewer"])
    viewer.post("/exports/incidents/", {"format": "csv", "classification": "CONFIDENTIAL,PUBLIC"})
    task = TaskProgress.objects.get(requested_by=world.users["viewer"])
    assert _ids(b"".join(viewer.get(f"/exports/{task.task_id}/download/").streaming_content).decode()) == _all(world)
    viewer.post("/exports/incidents/", {"format": "geojson", "q": "Public incident"})
    second = TaskProgress.objects.filter(requested_by=world.users["viewer"]).exclude(pk=task.pk).get()
    body = b"".join(viewer.get(f"/exports/{second.task_id}/download/").streaming_content).decode()
    assert "Confidential incident" not in body and body.count('"Feature"') == 3
    assert viewer.post("/exports/incidents/", {"format": "xls"}).status_code == 400
    assert viewer.post("/exports/incidents/", {"format": "csv", "since": "soon"}).status_code == 400


def test_the_page_shows_progress_while_the_worker_writes(world):
    viewer = world.users["viewer"]
    running = TaskProgress.objects.create(task_id="exp-running", label="Export of EXP incidents as csv",
                                          requested_by=viewer, state="RUNNING", done=4000, total=12000)
    client = _client(viewer)
    fragment = client.get(f"/exports/{running.task_id}/", headers={"HX-Request": "true"}).content.decode()
    assert '<progress max="12000" value="4000">' in fragment and "4000 of 12000 incidents written" in fragment
    assert 'hx-get="/exports/exp-running/"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert client.get(f"/exports/{running.task_id}/download/").status_code == 404  # not finished
    whole = client.get(f"/exports/{running.task_id}/").content.decode()
    assert "<html" in whole and "4000 of 12000" in whole and "Refresh" in whole  # works without JavaScript


def test_a_finished_export_expires(world, settings):
    settings.PEACEOPS_EXPORT_BACKGROUND_ROWS = 1
    client = _client(world.users["viewer"])
    client.post("/exports/incidents/", {"format": "csv"})
    task = TaskProgress.objects.get(requested_by=world.users["viewer"])
    settings.PEACEOPS_EXPORT_KEEP_HOURS = 0
    assert client.get(f"/exports/{task.task_id}/download/").status_code == 404
    assert "This export has expired" in client.get(f"/exports/{task.task_id}/").content.decode()
    from peaceops.interop.tasks import prune_exports_task

    assert prune_exports_task.call() == 1 and not any((settings.PEACEOPS_EXPORT_DIR).iterdir())


def test_the_cop_list_offers_the_export_with_its_filters(world):
    page = _client(world.users["viewer"]).get("/cop/list/", {"status": "reported"}).content.decode()
    assert '<option value="ucdp-ged">UCDP GED</option>' in page
    assert 'action="/exports/incidents/"' in page and '<input type="hidden" name="status" value="reported">' in page

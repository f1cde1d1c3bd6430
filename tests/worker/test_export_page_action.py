"""A large export from the COP list on the real queue: the page answers at once with a queued export that
polls; the worker writes the file (here in this process) from what the requester may see when it runs; the
progress then offers the download, to the requester only."""

import csv
import io
import re

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from peaceops.incidents.exports import export_incidents_task, export_path
from peaceops.incidents.services import create_incident
from peaceops.testing.world import build_kit_world
from peaceops.worker.runner import PeaceOpsWorker
from tests.factories import incident_data

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_large_export_is_queued_then_written_by_the_worker(settings, tmp_path):
    settings.PEACEOPS_EXPORT_DIR, settings.PEACEOPS_EXPORT_BACKGROUND_ROWS = tmp_path, 2
    world = build_kit_world("EXW")
    admin = world.users["mission_admin"]
    for n, classification in enumerate(["PUBLIC", "PUBLIC", "PUBLIC", "CONFIDENTIAL"]):
        create_incident(acting_user=admin, mission=world.mission, owner=world.owner, data=incident_data(
            title=f"Incident {n}", classification=classification, category_path=None))
    client = Client()
    client.force_login(world.users["unrelated"])
    started = client.post("/exports/incidents/", {"format": "csv"}).content.decode()
    assert "queued for the background worker" in started and 'hx-trigger="every 1s"' in started
    url = re.search(r'hx-get="(/exports/[^"]+/)"', started).group(1)
    task = DBTaskResult.objects.get()
    assert task.task_path == export_incidents_task.module_path and task.status == "READY"
    assert not export_path(str(task.id), "csv").exists()  # the page did not write it

    assert PeaceOpsWorker(lease_seconds=30, scheduler=False).drain() == 1
    done = client.get(url, **HTMX).content.decode()
    assert "Done: 3 incidents written." in done and 'hx-trigger="every 1s"' not in done
    download = client.get(f"{url}download/")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert sorted(r["title"] for r in rows) == ["Incident 0", "Incident 1", "Incident 2"]  # not the CONFIDENTIAL
    other = Client()
    other.force_login(world.users["viewer"])
    assert other.get(f"{url}download/").status_code == 404 and other.get(url).status_code == 404

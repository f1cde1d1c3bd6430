"""The periodic jobs moved onto the worker, as the scheduler enqueues them: each is registered by its app, does
what its command does, and a second run (a retry, the next slot) changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.models import IncidentRelease
from peaceops.incidents.services import create_incident
from peaceops.ledger.choices import LedgerKind
from peaceops.ledger.models import LedgerEntry
from peaceops.ledger.services import record_refusal
from peaceops.sharing.services import release_incident
from peaceops.worker import schedule
from peaceops.worker.runner import PeaceOpsWorker
from tests.factories import incident_data

pytestmark = pytest.mark.django_db


def run_due() -> None:
    """One scheduler tick and the worker's run of what it enqueued."""
    worker = PeaceOpsWorker(lease_seconds=30, scheduler=True)
    worker.drain()


def test_the_apps_register_their_periodic_jobs():
    every = {p.name: p.every for p in schedule.registered()}
    assert every["sharing.expire-releases"] == dt.timedelta(minutes=5)
    assert every["ledger.anchor-chains"] == dt.timedelta(days=1)
    assert every["analytics.refresh-forecasts"] == dt.timedelta(days=1)


def test_the_worker_removes_expired_releases_once(mission, people, orgs):
    incident = create_incident(acting_user=people["watch"], mission=mission,
                               data=incident_data(title="Roadblock", classification="CONFIDENTIAL"))
    release_incident(incident, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=timezone.now() + dt.timedelta(hours=1))
    IncidentRelease.objects.filter(incident=incident).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    run_due()
    assert not IncidentRelease.objects.filter(incident=incident).exists()
    expiry = ChangeLogEntry.objects.filter(object_id=str(incident.pk)).latest("id")
    assert expiry.reason.startswith("release expired: KFOR")
    task = DBTaskResult.objects.get(task_path="peaceops.sharing.tasks.expire_releases_task")
    assert task.status == "SUCCESSFUL" and task.return_value == 1
    from peaceops.sharing.tasks import expire_releases_task

    expire_releases_task.enqueue()  # a retry or the next slot: nothing left to remove
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert ChangeLogEntry.objects.filter(object_id=str(incident.pk)).latest("id").pk == expiry.pk


def test_the_worker_anchors_each_chain_that_grew_and_only_those(mission, people):
    record_refusal(user=people["admin"], mission_id=mission.pk, action="delete", target="x", reason="test")
    record_refusal(user=people["admin"], mission_id=None, action="delete", target="y", reason="test")
    grown = set(LedgerEntry.objects.values_list("chain", flat=True))
    assert grown >= {0, mission.pk}
    run_due()
    heads = {c: LedgerEntry.objects.filter(chain=c).order_by("-sequence").first() for c in grown}
    assert all(h.kind == LedgerKind.ANCHOR for h in heads.values())
    task = DBTaskResult.objects.get(task_path="peaceops.ledger.tasks.anchor_chains_task")
    assert sorted(task.return_value) == sorted(f"{h.chain}:{h.sequence}:{h.entry_sha256}" for h in heads.values())
    from peaceops.ledger.tasks import anchor_chains_task

    count = LedgerEntry.objects.count()
    anchor_chains_task.enqueue()  # again: every head is an anchor already
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert LedgerEntry.objects.count() == count
    out = io.StringIO()
    call_command("ledger_anchor", "--mission", mission.code, stdout=out)  # the command still anchors at once
    assert out.getvalue().startswith("UNMIK ledger head: ")

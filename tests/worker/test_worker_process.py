"""`peaceops worker` as an operator runs it, in processes of its own: killed with -9 in the middle of a task
and started again, the task finishes, and its effect happens once; two workers started together enqueue each
periodic task once per slot; SIGTERM stops a worker cleanly."""

import pytest

from peaceops.worker.schedule import registered
from tests.worker import steps
from tests.worker.harness import ROOT, SharedDatabase, WorkerProcess, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]

TASKS = "django_tasks_database_dbtaskresult"
LEASE = "2"  # seconds without a heartbeat before a worker counts as lost


def test_a_task_killed_with_its_worker_runs_again_after_a_restart_and_its_effect_happens_once(tmp_path):
    journal = tmp_path / "journal.txt"
    result = steps.stepped.enqueue(key="ONCE", steps=3, step_seconds=1.5, journal=str(journal))
    db = SharedDatabase(tmp_path).open()
    first = WorkerProcess(db, tmp_path / "first.log", "--no-scheduler", "--lease", LEASE, "--interval", "0.2")
    wait_for(lambda: (db.value("SELECT done FROM worker_taskprogress WHERE task_id = %s", [str(result.id)])
                      or 0) >= 1, "the first worker to take a step")
    first.kill()
    assert db.value(f"SELECT status FROM {TASKS} WHERE id = %s", [_id(db, result.id)]) == "RUNNING"
    assert "effect" not in journal.read_text()

    second = WorkerProcess(db, tmp_path / "second.log", "--no-scheduler", "--lease", LEASE, "--interval", "0.2")
    status = wait_for(lambda: _finished(db, result.id), "the task to finish after the restart")
    assert second.stop() == 0, second.output()
    assert status == "SUCCESSFUL", second.output()
    lines = journal.read_text().splitlines()
    assert sum(line.startswith("start") for line in lines) == 2  # started by the killed worker, then again
    assert lines.count("effect") == 1 and lines.count("step 3") == 1
    assert db.value("SELECT count(*) FROM core_organisation WHERE code = 'ONCE'") == 1
    assert "was running on lost worker" in second.output()
    assert db.value("SELECT count(*) FROM worker_workerbeat") == 1  # the killed one's; the stopped one left


def test_two_workers_enqueue_each_periodic_task_once_per_slot(tmp_path):
    db = SharedDatabase(tmp_path).open()
    workers = [WorkerProcess(db, tmp_path / f"w{i}.log", "--lease", "5", "--interval", "0.2") for i in (1, 2)]
    names = [p.name for p in registered()]
    assert len(names) >= 3  # release expiry, ledger anchors, forecast refresh at least
    wait_for(lambda: db.value("SELECT count(*) FROM worker_workerbeat") == 2, "both workers to start")
    wait_for(lambda: db.value("SELECT count(DISTINCT name) FROM worker_scheduleslot") == len(names),
             "the periodic tasks to be scheduled")
    wait_for(lambda: db.value(f"SELECT count(*) FROM {TASKS} WHERE status IN ('READY', 'RUNNING')") == 0,
             "the periodic tasks to run")
    assert [w.stop() for w in workers] == [0, 0], [w.output() for w in workers]
    slots = db.rows("SELECT name, count(*), count(DISTINCT task_id) FROM worker_scheduleslot GROUP BY name")
    for name, count, tasks in slots:
        assert count == tasks, name
    paths = {p.name: p.task.module_path for p in registered()}
    for name, count, _ in slots:
        enqueued = db.value(f"SELECT count(*) FROM {TASKS} WHERE task_path = %s", [paths[name]])
        assert enqueued == count, f"{name}: {enqueued} tasks for {count} slot(s)"
    assert db.value(f"SELECT count(*) FROM {TASKS} WHERE status = 'SUCCESSFUL'") == sum(s[1] for s in slots)
    logs = "".join(w.output() for w in workers)
    assert logs.count("INFO peaceops.worker: scheduled ") == sum(s[1] for s in slots)


def _finished(db: SharedDatabase, task_id) -> str | None:
    status = db.value(f"SELECT status FROM {TASKS} WHERE id = %s", [_id(db, task_id)])
    return status if status in ("SUCCESSFUL", "FAILED") else None


def _id(db: SharedDatabase, task_id) -> str:
    """A task id as the database stores it (SQLite: 32 hex digits without dashes)."""
    return str(task_id).replace("-", "") if db.vendor == "sqlite" else str(task_id)


def test_the_demo_worker_runs_beside_the_web_server_and_stops_with_it(tmp_path, monkeypatch):
    """`peaceops demo` serves inside `worker_beside`: a worker runs while the server does and stops after."""
    from peaceops.worker.companion import worker_beside

    result = steps.stepped.enqueue(key="BESIDE", steps=1, step_seconds=0, journal=str(tmp_path / "j"))
    db = SharedDatabase(tmp_path).open()
    monkeypatch.setenv("PEACEOPS_DATABASE_URL", db.url)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    with worker_beside() as process:
        wait_for(lambda: _finished(db, result.id), "the worker beside to run the task")
    assert process.returncode == 0
    assert db.value("SELECT count(*) FROM worker_workerbeat") == 0

"""The worker tests enqueue on the database backend (the queue table), as the platform does outside tests."""

import pytest


@pytest.fixture(autouse=True)
def _database_queue(settings, _tasks_run_at_once):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

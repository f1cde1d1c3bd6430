"""Tasks the worker tests enqueue (the worker imports them by path: its PYTHONPATH holds the project root).

`stepped` takes a few steps, each reported as progress and written to a journal file, then does its effect
once: it creates an organisation whose code is the task's key, in one transaction with the check that it is
not there yet (the idempotence every task needs); the journal says "effect" only when it was created here.
"""

import time
from pathlib import Path

from django.db import transaction

from peaceops.core.choices import OrganisationType
from peaceops.core.models import Organisation
from peaceops.worker import progress
from peaceops.worker.tasks import background_task


def _journal(path: str, line: str) -> None:
    with Path(path).open("a") as journal:
        journal.write(line + "\n")


@background_task(takes_context=True, max_attempts=3, retry_seconds=0.5)
def stepped(context, *, key: str, steps: int, step_seconds: float, journal: str) -> str:
    """Take `steps` steps of `step_seconds`, then create the organisation `key` once."""
    _journal(journal, f"start {context.task_result.id}")
    for step in range(1, steps + 1):
        time.sleep(step_seconds)
        progress.report(context, step, steps, f"step {step}")
        _journal(journal, f"step {step}")
    with transaction.atomic():
        _, created = Organisation.objects.get_or_create(
            code=key, defaults={"name": "Made by a background task", "type": OrganisationType.NGO})
    if created:
        _journal(journal, "effect")
    return key


class Flaky(RuntimeError):
    """The error `always_fails` raises."""


@background_task(max_attempts=3, retry_seconds=0)
def always_fails(reason: str) -> None:
    """Fail every time, saying why."""
    raise Flaky(f"the gazetteer is unreachable: {reason}")


@background_task(max_attempts=3, retry_seconds=0)
def fails_twice(counter_key: str) -> int:
    """Fail on the first two tries, succeed on the third (counting tries in an organisation's name)."""
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(
            code=counter_key, defaults={"name": "0", "type": OrganisationType.NGO})
        tries = int(org.name) + 1
        org.name = str(tries)
        org.save(update_fields=["name"])
    if tries < 3:
        raise Flaky(f"try {tries} failed")
    return tries

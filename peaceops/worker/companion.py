"""A worker beside another command (the demo's web server): started as a process of its own, stopped with it.

    with worker_beside():
        call_command("runserver", ...)

Ctrl-C reaches both (one terminal process group); on the way out a worker still running is sent SIGTERM and
waited for (it finishes the task it is running), then killed if it does not stop within `grace` seconds. SIGTERM
to the command ends the block the same way.
"""

import logging
import os
import signal
import subprocess
import sys
from contextlib import contextmanager

from django.conf import settings

logger = logging.getLogger("peaceops.worker")


@contextmanager
def worker_beside(*, grace: float = 30.0, enabled: bool = True):
    """Run `peaceops worker` for as long as the block runs (nothing when disabled, or when tasks run at once
    where they are enqueued: the immediate backend)."""
    immediate = "Immediate" in settings.TASKS["default"]["BACKEND"]
    if not enabled or immediate:
        yield None
        return
    process = subprocess.Popen([sys.executable, "-m", "peaceops.cli", "worker"], env=os.environ.copy())
    logger.info("worker started beside, pid %d", process.pid)
    # SIGTERM to this process (as to Ctrl-C) ends the block, so that the worker is stopped too.
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield process
    finally:
        signal.signal(signal.SIGTERM, previous)
        try:
            process.wait(timeout=1)  # after Ctrl-C it is already stopping (a second signal would force it)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()  # a task it was running is reclaimed by the next worker
                process.wait()


def _exit(signum, frame):
    sys.exit(0)

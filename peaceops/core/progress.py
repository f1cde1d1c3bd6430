"""A progress bar for long work (loads, imports, demo steps), drawn with rich on standard error.

Summaries go to standard output, so they stay clean when piped; the bar shows elapsed and remaining time.
"""

from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class _Silent:
    def advance(self, amount: float = 1) -> None:
        pass


class _Bar:
    def __init__(self, progress: Progress, task_id):
        self._progress, self._task_id = progress, task_id

    def advance(self, amount: float = 1) -> None:
        self._progress.advance(self._task_id, amount)


@contextmanager
def progress_bar(description: str, total: float | None, *, enabled: bool):
    """A bar with `.advance(n)`; a silent stand-in when not enabled."""
    if not enabled:
        yield _Silent()
        return
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        yield _Bar(progress, progress.add_task(description, total=total))

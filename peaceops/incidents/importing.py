"""Importing incident files: stream rows from a reader, write them in batches, keep a record of rejects.

`import_incidents` is the one entry point (the `import-incidents` command, the demo loader and tests call it).
Good rows are written batch by batch through `incidents.services.import_batch` (idempotent by external id,
change log per record); bad rows are counted, reported with their line and reason, and written to a rejects
file. In strict mode the whole file is one transaction, rolled back if any row is rejected.
"""

import csv
import gc
import itertools
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from peaceops.core.context import current_request_id, request_id_scope
from peaceops.interop.limits import ImportLimits, setting
from peaceops.interop.readers.encoding import label
from peaceops.interop.readers.files import ImportProgress, open_text

from . import batch_bulk, tally_sql
from .formats.readers import READERS, FileFormatError, RowResult
from .services import default_owner, import_batch
from .taxonomy import CategoryResolver

#: How many rejects a report keeps in memory (the rejects file has them all).
KEPT_REJECTS = 1000
#: About how many rows one transaction writes (several batches; the last batch may take it past this).
#: Each commit writes every index page its rows touched, and incidents' time and place indexes are touched
#: all over, so fewer, larger commits write far fewer pages per row; on SQLite a commit also holds the
#: database's write lock for its duration (a few seconds at most for this many rows).
ROWS_PER_COMMIT = 20_000


class IncidentImportError(ValueError):
    """The import cannot run or cannot go on (unknown format, unreadable file, no owner...)."""


@dataclass
class ImportReport:
    """What an import did. In strict mode with rejects nothing is written: created/updated stay 0."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason), first 1000
    repaired: int = 0  # rows written after the reader repaired a value (e.g. GED estimates out of order)
    repairs: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, what), first 1000
    written: bool = True
    seconds: float = 0.0
    encoding: str = ""  # how the file was decoded, e.g. "UTF-8 (detected)", "cp1252 (given)"

    def summary(self) -> str:
        text = (f"Read {self.read} rows: {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.rejected} rejected")
        if self.repaired:
            text += f" ({self.repaired} with repaired values)"
        if not self.written:
            text += " - nothing written (strict mode)"
        return text + f" in {self.seconds:.1f} s."


class RejectsFile:
    """The CSV of rejected rows: line, reason, then the row's own fields (fix them and import the file again)."""

    def __init__(self, path, reader_module):
        self.path = Path(path)
        self.flatten = getattr(reader_module, "reject_fields", None)
        self.handle = self.path.open("w", encoding="utf-8", errors="replace", newline="")
        self.writer = csv.writer(self.handle)
        self.header: list[str] | None = None

    def write(self, line: int, reason: str, raw: dict) -> None:
        raw = self.flatten(raw) if self.flatten else raw
        if self.header is None:
            self.header = [k for k in raw if k not in ("line", "reason")]
            self.writer.writerow(["line", "reason", *self.header])
        extra = [v for k, v in raw.items() if k not in self.header and k not in ("line", "reason")]
        self.writer.writerow([line, reason, *(raw.get(k, "") for k in self.header), *extra])

    def close(self) -> None:
        if self.header is None:
            self.writer.writerow(["line", "reason"])
        self.handle.close()


def import_incidents(path, *, format: str, mission, acting_user, owner=None, rejects_path=None,
                     strict: bool = False, progress: bool = False, batch_size: int = 2000,
                     bulk: bool = False, encoding: str | None = None) -> ImportReport:
    """Import an incident file (plain or .gz) of `format` (ucdp-ged, acled, csv, geojson) into `mission`.

    `owner` defaults to the acting user's organisation in the mission; a system import (no acting user)
    must name it. Raises IncidentImportError when the file cannot be imported at all (its message says why:
    not in the format, empty, no rows, over a limit of interop.limits).

    `encoding` (a codec name such as 'latin-1' or 'utf-16') overrides the encoding detected from the file.

    `bulk` (asked for, never chosen by itself) loads the file in one transaction, and on SQLite, into a mission
    with few incidents, drops the plain indexes of tables the file at least doubles and builds them once at the
    end (see incidents.batch_bulk); the new incidents join the tallies once, at the end (tally_sql.Deferred).
    It is for a mission's first load while nobody else writes: on SQLite the
    one transaction makes every other writer wait for the whole import.
    """
    reader = READERS.get(format)
    if reader is None:
        raise IncidentImportError(f"unknown format {format!r}: use one of {', '.join(READERS)}")
    path = Path(path)
    if not path.is_file():
        raise IncidentImportError(f"{path}: no such file")
    if owner is None:
        if acting_user is None:
            raise IncidentImportError("a system import (no acting user) must name the owning organisation")
        owner = default_owner(acting_user, mission)
    run = _Run(reader, mission=mission, acting_user=acting_user, owner=owner, reason=f"import {format} {path.name}")
    limits = ImportLimits.current()
    started = time.monotonic()
    with ExitStack() as stack:
        stack.enter_context(_long_lived_objects_frozen())
        try:
            opened = stack.enter_context(open_text(path, encoding=encoding, limits=limits))
        except FileFormatError as exc:
            raise IncidentImportError(f"{path}: {exc}") from None
        stream, position, size = opened.stream, opened.position, opened.size
        run.report.encoding = f"{label(opened.encoding)} ({'detected' if opened.detected else 'given'})"
        if rejects_path:
            run.rejects_file = RejectsFile(rejects_path, reader)
            stack.callback(run.rejects_file.close)
        stack.enter_context(request_id_scope(current_request_id()))
        bar = stack.enter_context(ImportProgress(path.name, size, enabled=progress))
        try:
            batches = _batches(_counted(_rows(reader, stream, mission), run.report), batch_size,
                               _Repeats(reader, limits.max_repeated_ids))
            first = next(batches, ([], {}))
            expected = _expected_rows(len(first[0]), position(), size)
            if bulk:  # asked for: whatever the file's size
                expected = max(expected, batch_bulk.MIN_ROWS)
            if strict:
                transactions = _OneTransaction(commit_on_error=False)
            elif bulk:
                transactions = _OneTransaction(commit_on_error=True)
            else:
                transactions = _Commits(ROWS_PER_COMMIT)
            with transactions:
                rebuild, tallies = batch_bulk.IndexRebuild(), tally_sql.Deferred()
                if bulk:
                    rebuild.drop(expected, mission.pk)
                    tallies.start()
                collections, statistics = _Collections(), batch_bulk.Statistics()
                try:
                    for rows, twins in itertools.chain([first], batches):
                        run.flush(rows, twins)
                        transactions.written(len(rows) + sum(map(len, twins.values())))
                        collections.written(len(rows))
                        statistics.written(len(rows))
                        bar.update(position(), run.report.read)
                finally:
                    try:
                        tallies.finish()
                    finally:
                        rebuild.rebuild()
                if strict and run.report.rejected:
                    transaction.set_rollback(True)
                    run.report.created = run.report.updated = run.report.unchanged = 0
                    run.report.written = False
        except FileFormatError as exc:
            raise IncidentImportError(f"{path}: {exc}{run.stopped(strict)}") from None
        except UnicodeDecodeError as exc:  # what `surrogateescape` cannot stand for: a UTF-16 file cut mid-character
            raise IncidentImportError(f"{path}: not {run.report.encoding} text ({exc.reason})"
                                      f"{run.stopped(strict)}") from None
    if run.report.read == 0:
        raise IncidentImportError(f"{path}: no {format} rows in the file: nothing to import")
    run.report.seconds = time.monotonic() - started
    return run.report


def _counted(rows, report: ImportReport):
    for row in rows:
        report.read += 1
        yield row


def _batches(rows, batch_size: int, repeats: "_Repeats"):
    """The rows in batches of `batch_size`, each with its twins: a row that repeats exactly the row of the
    batch with the same id joins that row as its twin (it fares as that row does, and is then unchanged); one that changes
    it starts a new batch (the later row then updates the incident the earlier one wrote), as often as the
    limit of repeats allows, and is rejected after that (a repeat in a later batch is an ordinary row of that
    batch, and updates). Each row costs the same, however often ids repeat."""
    batch: list[RowResult] = []
    twins: dict[int, list[RowResult]] = {}
    where: dict = {}  # id -> position of its row in the batch
    try:
        yield from _batched(rows, batch_size, repeats, batch, twins, where)
    except (FileFormatError, UnicodeDecodeError):
        if batch:  # the rows read before the file broke are written too
            yield batch, twins
        raise


def _batched(rows, batch_size: int, repeats: "_Repeats", batch: list, twins: dict, where: dict):
    """What `_batches` yields, built in `batch`, `twins` and `where` (so that it sees the batch in progress
    when the file breaks)."""
    for row in rows:
        row_keys = _keys(row)
        known = [where[key] for key in row_keys if key in where]
        if known:
            earlier = batch[known[0]]
            if len(set(known)) == 1 and earlier.data == row.data:
                twins.setdefault(known[0], []).append(row)
                continue
            if not repeats.allowed():
                row, row_keys, known = repeats.rejected(row, earlier), [], []
        if len(batch) >= batch_size or known:
            yield list(batch), dict(twins)
            batch.clear()
            twins.clear()
            where.clear()
        where.update(dict.fromkeys(row_keys, len(batch)))
        batch.append(row)
    if batch:
        yield list(batch), dict(twins)
        batch.clear()


class _Repeats:
    """How many rows of a file changed an id given earlier in it (each written on its own), against the limit."""

    def __init__(self, reader, limit: int):
        self.column, self.limit, self.count = getattr(reader, "ID_COLUMN", "id"), limit, 0

    def allowed(self) -> bool:
        self.count += 1
        return self.count <= self.limit

    def rejected(self, row: RowResult, earlier: RowResult) -> RowResult:
        return RowResult(row.line, row.raw, reason=(
            f"{self.column}: repeats the id of line {earlier.line} with other values, and the file has changed "
            f"a repeated id more than {self.limit:,} times ({setting('max_repeated_ids')}); import this row "
            "again on its own to apply it"))


def _expected_rows(rows: int, position: int, size: int) -> int:
    """How many rows the whole file likely has, from the first `rows` rows taking `position` of `size` bytes."""
    if rows == 0 or position >= size:
        return rows
    return int(rows * size / max(position, 1))


class _OneTransaction:
    """The one transaction of a strict import (rolled back on error) or of a bulk load (whose batches are
    committed also when the import stops on an error, as the batches of an ordinary import are)."""

    def __init__(self, *, commit_on_error: bool):
        self.commit_on_error = commit_on_error
        self.atomic = transaction.atomic()

    def __enter__(self) -> "_OneTransaction":
        self.atomic.__enter__()
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None or not self.commit_on_error:
            self.atomic.__exit__(kind, error, trace)
            return
        try:
            self.atomic.__exit__(None, None, None)
        except Exception:
            pass  # the import's own error says more

    def written(self, rows: int) -> None:
        """Nothing to do: the one transaction ends with the import."""


class _Commits:
    """The transactions of a non-strict import: each spans whole batches, about `rows` rows. What the batches
    wrote is committed also when the import stops on an error (as with one transaction per batch); a batch
    that fails rolls back its own savepoint only."""

    def __init__(self, rows: int):
        self.rows, self.pending = rows, 0
        self.atomic = None

    def __enter__(self) -> "_Commits":
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            self.atomic.__exit__(None, None, None)
        except Exception:
            if kind is None:
                raise  # otherwise the import's own error says more

    def written(self, rows: int) -> None:
        """Note that a batch of `rows` rows was written; commit when the transaction is full."""
        self.pending += rows
        if self.pending >= self.rows:
            self.atomic.__exit__(None, None, None)
            self.pending = 0
            self.__enter__()


#: Rows between two collections of the garbage collector during an import (see _Collections).
ROWS_PER_COLLECTION = 50_000


@contextmanager
def _long_lived_objects_frozen():
    """Keep the garbage collector from rescanning the objects that existed before the import (Django's and
    the application's) each time it collects the import's short-lived rows: about 10% faster. Automatic
    collections are also stood aside for the import (rows are acyclic and freed by reference counting; the
    collections, however seldom, mostly scanned a batch still in use and the rows it kept, another 10%):
    `_Collections` collects every ROWS_PER_COLLECTION rows instead, so memory stays flat whatever the file."""
    gc.collect()
    gc.freeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


class _Collections:
    """A full collection of the import's own objects (the frozen ones are left out) every `rows` rows: what
    automatic collections would free (the rare cycle: an exception and its traceback, a query), in a few
    milliseconds each time."""

    def __init__(self, rows: int = ROWS_PER_COLLECTION):
        self.rows, self.pending = rows, 0

    def written(self, rows: int) -> None:
        self.pending += rows
        if self.pending >= self.rows:
            gc.collect()
            self.pending = 0


def _keys(row: RowResult) -> list[tuple[str, str]]:
    data = row.data
    if data is None:
        return []
    return [(name, value) for name, value in (("ucdp_id", data.ucdp_id), ("acled_id", data.acled_id),
                                              ("external_id", data.external_id)) if value]


def _rows(reader, stream, mission):
    """The reader's rows, with the research datasets' codes mapped to the mission's own categories."""
    if reader is READERS["acled"]:
        resolver = CategoryResolver(mission)

        def acled_category(event_type: str, sub_event_type: str) -> str | None:
            found = resolver.acled(event_type, sub_event_type)
            return found.path if found else None

        return reader.read(stream, category=acled_category)
    if reader is READERS["ucdp-ged"]:
        resolver = CategoryResolver(mission)

        def ucdp_category(type_of_violence: str) -> str | None:
            found = resolver.ucdp(int(type_of_violence))
            return found.path if found else None

        return reader.read(stream, category=ucdp_category)
    return reader.read(stream)


class _Run:
    """One import in progress: the report so far, and where rejects go."""

    def __init__(self, reader, *, mission, acting_user, owner, reason: str):
        self.mission, self.acting_user, self.owner, self.reason = mission, acting_user, owner, reason
        self.report = ImportReport()
        self.rejects_file: RejectsFile | None = None

    def stopped(self, strict: bool) -> str:
        """What an import that stopped on a broken file had done (nothing when it had read no row)."""
        report = self.report
        if not report.read:
            return ""
        if strict:
            return f" (stopped after {report.read} rows; nothing written: --strict)"
        return (f" (stopped after {report.read} rows, which are imported: {report.created} created, "
                f"{report.updated} updated, {report.unchanged} unchanged, {report.rejected} rejected; importing "
                "the mended file again completes it)")

    def flush(self, batch: list[RowResult], twins: dict[int, list[RowResult]]) -> None:
        """Write a batch's good rows; record its bad ones (the reader's and the service's) in line order. A
        twin (an exact repeat of a row) is rejected with its row, or else unchanged."""
        good = [row for row in batch if row.data is not None]
        rejects = [(row.line, row.reason, row.raw) for row in batch if row.data is None]
        if good:
            result = import_batch([row.data for row in good], acting_user=self.acting_user,
                                  mission=self.mission, owner=self.owner, reason=self.reason,
                                  system=self.acting_user is None)
            self.report.created += result.created
            self.report.updated += result.updated
            self.report.unchanged += result.unchanged
            rejects += [(good[pos].line, reason, good[pos].raw) for pos, reason in result.rejected]
        if twins:
            refused = {line: reason for line, reason, _ in rejects}
            for position, repeats in twins.items():
                reason = refused.get(batch[position].line)
                if reason is None:
                    self.report.unchanged += len(repeats)
                else:
                    rejects += [(row.line, reason, row.raw) for row in repeats]
        self._note_repairs(good, {line for line, _, _ in rejects})
        for line, reason, raw in sorted(rejects, key=lambda r: r[0]):
            self.report.rejected += 1
            if len(self.report.rejects) < KEPT_REJECTS:
                self.report.rejects.append((line, reason))
            if self.rejects_file:
                self.rejects_file.write(line, reason, raw)

    def _note_repairs(self, good: list[RowResult], rejected_lines: set[int]) -> None:
        """Count and keep (line, what) for the written rows whose values the reader repaired."""
        for row in good:
            repair = row.repair
            if repair and row.line not in rejected_lines:
                self.report.repaired += 1
                if len(self.report.repairs) < KEPT_REJECTS:
                    self.report.repairs.append((row.line, repair))

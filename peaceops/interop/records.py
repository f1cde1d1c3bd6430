"""Import and export formats of kit record types (sites, ...): a registry per record type and the one import
path they share.

A format is a reader (`read(path, mission)` yielding `Row`s: line, data or the reason it was rejected, or
neither: a row the format skips on purpose, such as an all-zero row of a statistical table) and,
optionally, a writer (`write(records, stream)`). `import_records` streams a reader's rows in batches through
the record type's service (`create_many(upsert=True)`: the same path as a single create, idempotent by
`source_id`), keeps the good rows, and writes the rejected ones, with line and reason, to a rejects file.
Every record type gets the `csv` format (`RecordCsv`): the columns of its service, children as JSON.
"""

import csv
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.personal import mask_data, personal_fields, personal_view
from peaceops.core.kit.references import portable, written_by
from peaceops.core.participation import participants


@dataclass(frozen=True)
class Row:
    """One row of a file: its line, and its data or why it was rejected (`raw`: the row as read); neither data
    nor reason: a row the format skips (counted as skipped, not written, not rejected)."""

    line: int
    data: dict | None = None
    reason: str = ""
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RecordFormat:
    name: str
    read: Callable[..., Iterator[Row]] | None = None
    write: Callable | None = None
    description: str = ""


class FormatError(ValueError):
    """A file that cannot be imported at all (missing required columns, not the format...)."""


_FORMATS: dict[str, dict[str, RecordFormat]] = {}
_SERVICES: dict[str, object] = {}
_NO_GENERIC_CSV: set[str] = set()


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register_record_type(service, *, generic_csv: bool = True) -> None:
    """Make a record type importable and exportable by its label (e.g. `peaceops import-records sites.site`);
    `generic_csv=False`: only in its own formats (conduct cases leave only as the UN's table)."""
    _SERVICES[_label(service.model)] = service
    if not generic_csv:
        _NO_GENERIC_CSV.add(_label(service.model))


def service_for(label: str):
    """The service of a registered record type ("sites.site"), or None."""
    return _SERVICES.get(label)


def record_types() -> list[str]:
    return sorted(_SERVICES)


def register_format(model, fmt: RecordFormat) -> None:
    """Offer `fmt` for a record type (call from the app's ready(), or at import of its formats module)."""
    _FORMATS.setdefault(_label(model), {})[fmt.name] = fmt


def formats_for(model) -> dict[str, RecordFormat]:
    """The formats of a record type, the generic `csv` among them (unless it was registered without)."""
    generic = {} if _label(model) in _NO_GENERIC_CSV else {
        "csv": RecordFormat("csv", read=None, write=None, description="PeaceOps CSV")}
    return {**generic, **_FORMATS.get(_label(model), {})}


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    rejects: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        return (f"Read {self.read} rows: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.rejected} rejected{skipped} in {self.seconds:.1f} s.")


def import_records(service, path, *, format: str, mission, acting_user, owner=None, rejects_path=None,
                   batch_size: int = 500, progress: bool = False, system: bool = False) -> ImportReport:
    """Import a file of `format` into `mission` through `service`; see the module docstring."""
    model = service.model
    fmt = formats_for(model).get(format)
    if fmt is None:
        raise FormatError(f"unknown format {format!r} for {_label(model)}: use one of "
                          f"{', '.join(formats_for(model))}")
    reader = fmt.read or RecordCsv(service).read
    path = Path(path)
    if not path.exists():
        raise FormatError(f"{path}: no such file")
    report, started = ImportReport(), time.monotonic()
    organisations = {o.code: o for o in participants(mission)}
    rejects = _Rejects(rejects_path)
    batch: list[dict] = []

    def flush():
        if batch:
            result = service.create_many(batch, acting_user=acting_user, mission=mission, owner=owner,
                                         reason=f"import {format} {path.name}", upsert=True, system=system)
            report.created += len(result.created)
            report.updated += len(result.updated)
            report.unchanged += result.unchanged
            batch.clear()

    bar = _progress(progress)
    try:
        for row in reader(path, mission):
            report.read += 1
            bar(report.read)
            reason = row.reason
            if row.data is None and not reason:
                report.skipped += 1
                continue
            if row.data is not None and not reason:
                try:
                    with written_by(None if system else acting_user):  # as `create_many` will validate it
                        service.validate(row.data, mission, organisations)
                except FieldError as error:
                    reason = str(error)
            if reason:
                report.rejected += 1
                if len(report.rejects) < 1000:
                    report.rejects.append((row.line, reason))
                rejects.write(row.line, reason, row.raw or row.data or {})
                continue
            batch.append(row.data)
            if len(batch) >= batch_size:
                flush()
        flush()
    finally:
        rejects.close()
    report.seconds = time.monotonic() - started
    return report


def _progress(enabled: bool):
    if not enabled:
        return lambda n: None
    from rich.console import Console

    console = Console(stderr=True)
    return lambda n: console.print(f"\r{n} rows", end="") if n % 100 == 0 else None


class _Rejects:
    """The rejects file: line, reason, then the row's fields (fix them and import the file again)."""

    def __init__(self, path):
        self.handle = Path(path).open("w", encoding="utf-8", newline="") if path else None
        self.writer = csv.writer(self.handle) if self.handle else None
        self.header: list[str] | None = None

    def write(self, line: int, reason: str, raw: dict) -> None:
        if self.writer is None:
            return
        if self.header is None:
            self.header = list(raw)
            self.writer.writerow(["line", "reason", *self.header])
        self.writer.writerow([line, reason, *(_cell(raw.get(k, "")) for k in self.header)])

    def close(self) -> None:
        if self.handle:
            if self.header is None:
                self.writer.writerow(["line", "reason"])
            self.handle.close()


def _cell(value):
    return json.dumps(value) if isinstance(value, list | dict) else value


class RecordCsv:
    """The generic CSV of a record type: one column per field of its service, `releasable_to` as codes joined
    by spaces, each child list as JSON. What `write` gives, `read` takes back (the round trip). Written for a
    `reader`, the personal fields that reader may not see are masked (`core.kit.personal`)."""

    def __init__(self, service):
        self.service = service
        self.columns = [*service.fields, "classification", "releasable_to", *service.children]
        self.json_fields = {n for n in service.fields if service.model._meta.get_field(n).get_internal_type()
                            == "JSONField"}

    def write(self, records, stream, *, reader=None) -> None:
        writer = csv.writer(stream)
        writer.writerow(self.columns)
        masking = personal_fields(self.service.model)
        for record in records:
            data = portable(self.service, record, self.service.to_data(record))  # references by natural key
            if masking:  # without a reader (an operator's own file), masked too: personal data leaves in full
                data = personal_view(reader, record, data) if reader is not None else mask_data(data, masking)
            writer.writerow([" ".join(data[c]) if c == "releasable_to" else
                             json.dumps(data[c], default=str) if c in self.service.children else
                             "" if data[c] is None else data[c] for c in self.columns])

    def read(self, path, mission) -> Iterator[Row]:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"name"} & set(self.columns) - set(reader.fieldnames or [])
            if missing:
                raise FormatError(f"missing column {sorted(missing)[0]!r}")
            for raw in reader:
                line = reader.line_num
                data = {}
                try:
                    for column, value in raw.items():
                        if column not in self.columns or value is None:
                            continue
                        if column == "releasable_to":
                            data[column] = value.split()
                        elif column in self.service.children or column in self.json_fields:
                            data[column] = json.loads(value) if value else []
                        elif value != "":
                            data[column] = value
                except json.JSONDecodeError as error:
                    yield Row(line, reason=f"{column}: not JSON ({error.msg})", raw=raw)
                    continue
                yield Row(line, data=data, raw=raw)

"""`un-sea-allegations`: the UN's public table of allegations of sexual exploitation and abuse, as an import and
export format of conduct cases (`peaceops import-records conduct.case FILE --format un-sea-allegations`,
`peaceops export-records conduct.case --format un-sea-allegations`).

A row is one allegation: a case, received through the UN's table (`intake_channel = un_table`), of the UN
mission the row names, with its victims, allegations, results and actions as children (`cells` reads each cell).
The table has no id: a row's source id is a digest of the cells that tell the allegation as reported (Date,
Mission, Date of incident, Personnel Type, Nationality, Victim, Allegation) and its occurrence among the rows of
the file with the same cells (`un-sea:<digest>:<n>`). A later edition of the table that updates a row's
investigation, result or actions updates the case; one that corrects the reported cells gives a new case.
Importing a file again changes nothing.

Cases are need-to-know. The importer is assigned to each case they create (`core.kit`); a row whose source id
is a case they are not assigned to is rejected, never written over. A system import (an operator's, with no
acting user) assigns no one. The reader streams the file; a row it cannot read is rejected with its first line
and the reason. The export writes every case the reader reads (`Case.objects.visible_to`), as the same table in
the same column order, each cell written so that the export of an imported file gives back its cells. The table
names no one, and so does the export: the people of a case are not part of it.
"""

import csv
import hashlib
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.references import writer
from peaceops.core.models import RecordAssignment
from peaceops.interop.records import FormatError, RecordFormat, Row, register_format, register_record_type

from ..choices import ActionStage, Category, IntakeChannel
from ..models import Case
from ..services import CaseService
from . import cells as c
from . import outcomes as o

COLUMNS = (
    "Date",
    "Mission",
    "Date of incident",
    "Personnel Type",
    "Nationality",
    "Victim",
    "Allegation",
    "Paternity claim",
    "Paternity established",
    "NIO appointed",
    "Investigation (days)",
    "Result",
    "Interim Action",
    "Final Action",
    "Referral for criminal accountability",
)
#: The cells that tell the allegation as it was reported: a row's source id is made of them.
REPORTED = COLUMNS[:7]
NAME = "un-sea-allegations"


def source_id(row: dict, seen: Counter) -> str:
    """`un-sea:<digest of the reported cells>:<occurrence>` (`seen` counts the digests met so far)."""
    digest = hashlib.sha256(
        "\x1f".join(" ".join((row[k] or "").split()) for k in REPORTED).encode()
    ).hexdigest()
    seen[digest] += 1
    return f"un-sea:{digest[:20]}:{seen[digest]}"


def case_data(row: dict) -> dict:
    """The case a row of the table tells (CellError when a cell cannot be read)."""
    mission = " ".join((row["Mission"] or "").split()).upper()
    if not mission:
        raise c.CellError("Mission", "is empty")
    allegations = c.parse_allegations(row["Allegation"])
    results = o.parse_results(row["Result"])
    interim = o.parse_actions(row["Interim Action"], ActionStage.INTERIM)
    final = o.parse_actions(row["Final Action"], ActionStage.FINAL, first=len(interim))
    investigation = o.parse_investigation(row["Investigation (days)"])
    outcome = o.outcome_of(results)
    return {
        "intake_channel": IntakeChannel.UN_TABLE,
        "classification": Classification.STRICTLY_CONFIDENTIAL,
        "un_mission": mission,
        "category": Category.ONE,
        "summary": "; ".join(a["label"] for a in allegations),
        **c.parse_reported(row["Date"]),
        **c.parse_incident(row["Date of incident"]),
        **c.parse_personnel(row["Personnel Type"]),
        **c.parse_nationality(row["Nationality"]),
        "victims": c.parse_victims(row["Victim"]),
        "allegations": allegations,
        "paternity_claim": c.parse_paternity_claim(row["Paternity claim"]),
        "paternity_established": c.parse_word(
            row["Paternity established"], "Paternity established", c.ANSWER_WORDS
        ),
        "nio_appointed": c.parse_word(row["NIO appointed"], "NIO appointed", c.NIO_WORDS),
        **investigation,
        "results": results,
        "outcome": outcome,
        "actions": interim + final,
        "status": o.status_of(outcome, investigation["investigator"], final),
        "criminal_referral": c.parse_word(
            row["Referral for criminal accountability"],
            "Referral for criminal accountability",
            c.ANSWER_WORDS,
        ),
    }


def read_table(path, mission) -> Iterator[Row]:
    """The rows of a table file, one at a time (a row's line: the first of its lines)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, None) or []]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise FormatError(
                f"{Path(path).name}: not the UN's table of allegations (no column {missing[0]!r}; "
                f"the columns are {', '.join(COLUMNS)})"
            )
        at = {name: header.index(name) for name in COLUMNS}
        seen, ended = Counter(), reader.line_num
        for cells in reader:
            line, ended = ended + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            raw = {name: cells[i] if i < len(cells) else None for name, i in at.items()}
            sid = source_id(raw, seen)
            try:
                if len(cells) != len(header):
                    raise c.CellError("row", f"has {len(cells)} cells, the table {len(header)}")
                data = case_data(raw)
            except c.CellError as fault:
                yield Row(line, reason=str(fault), raw=raw)
                continue
            yield Row(line, data={**data, "source_id": sid}, raw=raw)


def table_row(case) -> list[str]:
    """A case as a row of the table (its children prefetched)."""
    victims = [{"age_group": v.age_group, "count": v.count} for v in case.victims.all()]
    allegations = [{"position": a.position, "kind": a.kind, "label": a.label} for a in case.allegations.all()]
    results = [
        {"position": r.position, "outcome": r.outcome, "detail": r.detail, "count": r.count}
        for r in case.results.all()
    ]
    actions = [
        {"position": a.position, "stage": a.stage, "taken_by": a.taken_by, "label": a.label, "count": a.count}
        for a in case.actions.all()
    ]
    return [
        c.render_reported(case.reported_on),
        case.un_mission or case.mission.code,
        c.render_incident(
            case.incident_from, case.incident_from_precision, case.incident_to, case.incident_to_precision
        ),
        c.render_personnel(case.personnel_category, case.subjects, case.personnel_published),
        c.render_nationality(case.nationality, case.nationality_name),
        c.render_victims(victims),
        c.render_allegations(allegations),
        "Yes" if case.paternity_claim else "No",
        c.ANSWER_WORDS[case.paternity_established],
        c.NIO_WORDS[case.nio_appointed],
        o.render_investigation(case.investigator, case.investigation_days, case.investigator_published),
        o.render_results(results),
        o.render_actions([a for a in actions if a["stage"] == ActionStage.INTERIM]),
        o.render_actions([a for a in actions if a["stage"] == ActionStage.FINAL]),
        c.ANSWER_WORDS[case.criminal_referral],
    ]


def write_table(records, stream, *, reader=None) -> None:
    """The cases among `records` that `reader` reads, as the table (newest reported first, then in the order
    they were recorded: an imported table's own order)."""
    if reader is None:
        raise FormatError("the UN table of allegations is written for a reader: the cases they read")
    chosen = records.values("pk") if isinstance(records, QuerySet) else [r.pk for r in records]
    cases = (
        Case.objects.visible_to(reader)
        .filter(pk__in=chosen)
        .select_related("mission")
        .prefetch_related("victims", "allegations", "results", "actions")
        .order_by("-reported_on", "created_at", "pk")
    )
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(COLUMNS)
    for case in cases.iterator(chunk_size=500):
        out.writerow(table_row(case))


def export_table(user, mission, stream) -> None:
    """Every case of `mission` that `user` reads, as the UN's table."""
    write_table(Case.objects.visible_to(user).filter(mission=mission), stream, reader=user)


#: The source ids of a batch that name a case its writer is not assigned to, while `create_many` writes it:
#: ((user pk, mission pk), source ids).
_BATCH: ContextVar = ContextVar("un_sea_batch", default=None)


def writer_of(kwargs: dict):
    """Who a `create_many` call writes as (no one for a system import)."""
    user = kwargs.get("acting_user")
    return None if kwargs.get("system") or not getattr(user, "pk", None) else user


def _unassigned(user, mission, sids: list[str]) -> set[str]:
    """Those of `sids` that are the source id of a case of `mission` that `user` is not assigned to (a query for
    the cases, and one for their assignments when there are any)."""
    stored = list(Case.objects.filter(mission=mission, source_id__in=sids).values_list("pk", "source_id"))
    if not stored:
        return set()
    assigned = set(
        RecordAssignment.objects.filter(
            user=user, record_type="conduct.case", record_id__in=[str(pk) for pk, _ in stored]
        ).values_list("record_id", flat=True)
    )
    return {sid for pk, sid in stored if str(pk) not in assigned}


class TableCaseService(CaseService):
    """Conduct cases as the table's import writes them: a row whose source id is a case the importer is not
    assigned to is refused (never written over blind), and a summary conduct staff wrote is kept."""

    def validate(self, data: dict, mission, organisations: dict) -> dict:
        out = super().validate(data, mission, organisations)
        user, sid = writer(), out.get("source_id")
        if user is not None and sid and self._not_assigned(user, mission, sid):
            raise FieldError("source_id", _("a case with this source id exists that you are not assigned to"))
        return out

    @staticmethod
    def _not_assigned(user, mission, sid: str) -> bool:
        """Whether a case of `mission` with source id `sid` exists that `user` is not assigned to: from the
        batch's answers when `create_many` has read them (in its transaction), else one query."""
        batch = _BATCH.get()
        if batch is not None and batch[0] == (user.pk, mission.pk):
            return sid in batch[1]
        return bool(_unassigned(user, mission, [sid]))

    def create_many(self, rows, **kwargs):
        user, mission = writer_of(kwargs), kwargs["mission"]
        sids = [row.get("source_id") for row in rows if row.get("source_id")]
        with transaction.atomic():  # the answers hold in the transaction that writes the batch
            blocked = _unassigned(user, mission, sids) if user else set()
            token = _BATCH.set(((getattr(user, "pk", None), mission.pk), blocked))
            try:
                return super().create_many(rows, **kwargs)
            finally:
                _BATCH.reset(token)

    def merge(self, stored: dict, incoming: dict) -> dict:
        return {**stored, **incoming, "summary": stored.get("summary") or incoming.get("summary", "")}


register_record_type(TableCaseService(), generic_csv=False)
register_format(
    Case,
    RecordFormat(
        NAME,
        read=read_table,
        write=write_table,
        description="The UN's public table of allegations of sexual exploitation and abuse (Date, Mission, Date "
        "of incident, Personnel Type, Nationality, Victim, Allegation, ...)",
    ),
)

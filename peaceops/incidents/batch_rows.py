"""One incident row of the write path (`batch`; a single write or an import): its values in column order, their database form and the change log's
snapshot of them, made with as few Python steps per field as the import's rate needs.

The values are a list in the Incident table's column order (`COLUMNS`); the database row and the snapshot
JSON are both made from that one list, each datetime converted once.
"""

import datetime as dt
import random
import time
from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured

from .batch_children import Children
from .models import Incident

#: Incident columns in the order the change log's snapshot lists them (the model's field order).
COLUMNS = [f.attname for f in Incident._meta.concrete_fields]
#: The order `values()` writes; checked against the model so that a new field cannot be silently left out.
_ORDER = ["id", "owner_id", "classification", "created_at", "updated_at", "created_by_id", "updated_by_id",
          "mission_id", "title", "description", "occurred_start", "occurred_end", "time_precision", "reported_at",
          "lon", "lat", "location_precision", "location_name", "admin1_id", "admin2_id", "h3_cell", "category_id",
          "status", "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best",
          "injured_high", "ucdp_id", "acled_id", "external_id", "data_repairs"]
if COLUMNS != _ORDER:
    raise ImproperlyConfigured("incidents.batch_rows lists the Incident columns in another order than the model: "
                               f"update _ORDER and values() to {COLUMNS}")
BOOKKEEPING = {"created_at", "updated_at", "created_by_id", "updated_by_id"}
CONTENT = [c for c in COLUMNS if c not in BOOKKEEPING]
TIMES = [f.attname for f in Incident._meta.concrete_fields if f.get_internal_type() == "DateTimeField"]
TITLE, UPDATED_AT, UPDATED_BY = COLUMNS.index("title"), COLUMNS.index("updated_at"), COLUMNS.index("updated_by_id")
#: The content of a stored incident (a dict by column) and of a values list, comparable with ==.
stored_content = itemgetter(*CONTENT)
values_content = itemgetter(*[COLUMNS.index(c) for c in CONTENT])
stored_values = itemgetter(*COLUMNS)
_TIME_POSITIONS = [COLUMNS.index(c) for c in TIMES]
_UTC = dt.UTC


def values(data, enriched: tuple, category_id, current: dict | None, own: bool, mission_id: int, owner_id: int,
           now, user_id, keep_repairs: bool = True) -> list:
    """The incident's columns after writing the row, in column order (a stored incident keeps its identity and
    bookkeeping). A new incident's id is its canonical text (which is how the change log writes it).
    `keep_repairs`: a row that repaired nothing keeps the stored note of repairs (an import); else the row's
    note is the note (a single write, whose data is the stored data with the changes)."""
    start = data.occurred_start.astimezone(_UTC)
    end = data.occurred_end
    if end is not None:
        end = end.astimezone(_UTC)
    reported = data.reported_at
    if reported is not None:
        reported = reported.astimezone(_UTC)
    elif current is not None and current["reported_at"] is not None:
        reported = current["reported_at"].astimezone(_UTC)
    else:
        reported = now
    if data.casualties:
        totals = data.totals()
    else:  # what totals() gives without casualty groups, without its generator sums
        totals = (data.fatalities_low or 0, data.fatalities_best or 0, data.fatalities_high or 0, 0, 0, 0)
    # A row that repaired nothing keeps the note of an earlier repair (e.g. a PeaceOps export imported back).
    repairs = data.data_repairs or (current["data_repairs"] if current is not None and keep_repairs else None)
    if current is None:
        identity = (new_id_text(), owner_id, now, now, user_id, user_id)
        external_id = data.external_id or None
    else:
        identity = (current["id"], current["owner_id"], current["created_at"], current["updated_at"],
                    current["created_by_id"], current["updated_by_id"])
        external_id = current["external_id"] if own else (data.external_id or None)
    return [
        identity[0], identity[1], data.classification, identity[2], identity[3], identity[4], identity[5],
        mission_id, data.title.strip(), data.description, start, start if end is None else end,
        data.time_precision, reported, enriched[3], enriched[4], data.location_precision, data.location_name,
        enriched[0], enriched[1], enriched[2], category_id, data.status, *totals,
        data.ucdp_id or None, data.acled_id or None, external_id, repairs,
    ]


def database_row(values: list, to_uuid, to_time, now, now_db) -> list:
    """The values in database form (`to_uuid`/`to_time` from batch_sql.DatabaseForms; `now_db` is `now`'s)."""
    row = values.copy()
    row[0] = to_uuid(row[0])
    previous = text = None
    for i in _TIME_POSITIONS:
        value = row[i]
        if value is now:
            row[i] = now_db
        elif value is previous:
            row[i] = text
        elif value is not None:
            previous = value
            row[i] = text = to_time(value)
    return row


def snapshot(values, children: Children) -> dict:
    """The change log's snapshot of an incident (the same shape as services.incident_snapshot), from its
    values in column order; datetimes and the id stay objects, which the JSON forms write as `isoformat()`
    and `str()` would."""
    snap = dict(zip(COLUMNS, values, strict=True))
    children.add_json(snap)
    return snap


class NewIds:
    """Ids for new incidents in the UUID version 7 layout (milliseconds since 1970, then random bits),
    increasing within the process, so that a batch's rows go to neighbouring places in the id indexes."""

    last = 0


def new_id_text() -> str:
    """A new incident id (see NewIds) as canonical UUID text."""
    value = (int(time.time() * 1000) << 80) | (7 << 76) | (random.getrandbits(12) << 64) | (2 << 62) \
        | random.getrandbits(62)
    if value <= NewIds.last:
        value = NewIds.last + 1
    NewIds.last = value
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

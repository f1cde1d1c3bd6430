"""Plain-value row writers of the incidents' write path (`batch`): INSERT/UPDATE many rows with one statement
each (`executemany`, or on PostgreSQL a `COPY` for an import's inserts).

Batch imports write tens of thousands of incidents a second, which model instances and `bulk_create` cannot
do. A `RowWriter` takes rows as tuples of Python values in its fields' order, converts the few values whose
database form differs (UUID, datetime, JSON) exactly as the model fields would, and executes one statement.
"""

import datetime as dt
import uuid
from functools import partial

import orjson
from django.db import connection, models

#: Field types whose Python values the database drivers take as they are.
_AS_IS = {
    "CharField", "TextField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "BigIntegerField", "FloatField", "BooleanField", "AutoField", "BigAutoField",
}


_last_datetime: list = [None, None]  # the last datetime converted and its text (a batch repeats its `now`)


def _sqlite_datetime(value):
    """What Django's SQLite backend stores for an aware datetime: naive UTC text."""
    if value is None:
        return None
    if value is _last_datetime[0]:
        return _last_datetime[1]
    text = str((value if value.tzinfo is dt.UTC else value.astimezone(dt.UTC)).replace(tzinfo=None))
    _last_datetime[0], _last_datetime[1] = value, text
    return text


def _sqlite_uuid(value):
    return None if value is None else value.hex


def _sqlite_json(value):
    return orjson.dumps(value).decode()


def _json_text(value) -> str:
    return orjson.dumps(value).decode()


class DatabaseForms:
    """The database forms of the values a batch writes most (datetimes, UUIDs, JSON), for the connection's
    database, exactly as the model fields would convert them, without a call through Django per value.

    `datetime` takes aware UTC datetimes; `uuid_text` a UUID's canonical text; `json` values orjson serialises
    (datetimes and UUIDs as `isoformat()` and `str()` would write them), None giving what
    `get_db_prep_save(None)` gives.
    """

    def __init__(self):
        self.uuid_text = lambda text: self.uuid(uuid.UUID(text))
        if connection.vendor == "sqlite":
            self.uuid = _sqlite_uuid
            self.uuid_text = _sqlite_uuid_text
            self.datetime = _sqlite_utc_datetime
            self.json = _sqlite_json
        elif connection.vendor == "postgresql":
            from django.db.backends.postgresql.psycopg_any import Jsonb

            self.uuid = self.datetime = _same
            self.json = lambda value: None if value is None else Jsonb(value, dumps=_json_text)
        else:
            fields = {f.get_internal_type(): f for f in (models.UUIDField(), models.DateTimeField(),
                                                          models.JSONField())}
            self.uuid = partial(fields["UUIDField"].get_db_prep_save, connection=connection)
            self.datetime = partial(fields["DateTimeField"].get_db_prep_save, connection=connection)
            plain_json = partial(fields["JSONField"].get_db_prep_save, connection=connection)
            self.json = lambda value: plain_json(orjson.loads(orjson.dumps(value)))


def _sqlite_uuid_text(text: str) -> str:
    return text.replace("-", "")


def _same(value):
    return value


def _sqlite_utc_datetime(value):
    """`_sqlite_datetime` for a datetime already in UTC: its ISO form less the '+00:00' (one C call)."""
    return None if value is None else value.isoformat(" ")[:-6]


def _converter(field: models.Field):
    """A function from the field's Python value to its database value, or None when they are the same."""
    kind = field.get_internal_type()
    if isinstance(field, models.ForeignKey):
        return _converter(field.target_field)
    if kind in _AS_IS:
        return None
    if connection.vendor == "sqlite":
        fast = {"DateTimeField": _sqlite_datetime, "UUIDField": _sqlite_uuid, "JSONField": _sqlite_json}.get(kind)
        if fast:
            return fast
    return partial(field.get_db_prep_save, connection=connection)


def _sqlite_read_datetime(value):
    """What Django's SQLite backend reads back: naive UTC (text, or a datetime when the driver parsed the
    declared type) as an aware UTC datetime."""
    if value is None:
        return None
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _sqlite_read_uuid(value):
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)


def _from_database(field: models.Field):
    """A function from the field's database value to its Python value, or None when they are the same."""
    if isinstance(field, models.ForeignKey):
        return _from_database(field.target_field)
    if connection.vendor == "sqlite":
        return {"DateTimeField": _sqlite_read_datetime, "UUIDField": _sqlite_read_uuid}.get(field.get_internal_type())
    return None  # psycopg already gives datetimes and UUIDs


def select_where_in(model, attnames: list[str], column: str, values: list, *, mission_id: int | None = None,
                    owner_id: int | None = None, lock: bool = False, chunk: int = 900) -> list[dict]:
    """The model's rows (columns by attname, Python values) whose `column` is one of `values`, optionally of
    one mission and one owner: what `Model.objects.filter(column__in=values).values(*attnames)` gives, without
    its cost. `lock` adds FOR UPDATE where the database has it (call inside a transaction).

    Give the owner when the rows wanted are one owner's: the external ids are unique per (mission, owner, id),
    and an index on those columns finds `mission = ? AND id IN (...)` only by reading every row of the mission
    (a first load of 1M rows then read the mission's rows again for every batch)."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    readers = [(i, r) for i, r in enumerate(_from_database(by_attname[a]) for a in attnames) if r is not None]
    convert = _converter(by_attname[column]) or (lambda v: v)
    head = (f"SELECT {', '.join(quote(by_attname[a].column) for a in attnames)} FROM {quote(model._meta.db_table)}"
            f" WHERE " + (f"{quote(by_attname['mission_id'].column)} = %s AND " if mission_id is not None else "")
            + (f"{quote(by_attname['owner_id'].column)} = %s AND " if owner_id is not None else ""))
    suffix = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = [convert(v) for v in values[start:start + chunk]]
            params = [v for v in (mission_id, owner_id) if v is not None]
            if connection.vendor == "postgresql":  # one array parameter (see tally_sql.adjust)
                sql, params = f"{head}{quote(by_attname[column].column)} = ANY(%s){suffix}", params + [part]
            else:
                sql = f"{head}{quote(by_attname[column].column)} IN ({', '.join(['%s'] * len(part))}){suffix}"
                params += part
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                row = list(row)
                for i, read in readers:
                    row[i] = read(row[i])
                found.append(dict(zip(attnames, row, strict=True)))
    return found


class RowWriter:
    """Writes rows of one model's columns (named by attname) with raw SQL."""

    def __init__(self, model, attnames: list[str], *, key: str | None = None, converted: tuple = ()):
        """`converted` names columns whose values the caller gives already in database form (`db_value`)."""
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        fields = [by_attname[name] for name in attnames]
        self.attnames = attnames
        self.converters = [None if name in converted else _converter(f) for name, f in zip(attnames, fields,
                                                                                          strict=True)]
        self.table = connection.ops.quote_name(meta.db_table)
        self.columns = [connection.ops.quote_name(f.column) for f in fields]
        self.key = key
        self.key_converter = _converter(by_attname[key]) if key and key not in converted else None

    def _convert(self, rows):
        converters = list(enumerate(self.converters))
        active = [(i, c) for i, c in converters if c is not None]
        if not active:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for i, convert in active:
                row[i] = convert(row[i])
            converted.append(row)
        return converted

    def insert(self, rows: list[tuple], *, copy: bool = True) -> None:
        """INSERT the rows (tuples in `attnames` order). On PostgreSQL the rows go in with one COPY: Django's
        cursors bind parameters on the client, so an `executemany` of INSERTs there sends every row as a
        statement of its own, which the server parses and plans anew (most of the import's time); COPY is one
        statement, and the table's triggers and constraints apply to its rows as to INSERTed ones.

        `copy=False` (a single write's few rows): INSERT statements through Django's cursor on every database,
        so that a broken constraint is Django's `IntegrityError` (the API's 409), as a model's `save()` gives."""
        if not rows:
            return
        if copy and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy:
                    for row in self._convert(rows):
                        copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, self._convert(rows))

    def update(self, rows: list[tuple]) -> None:
        """UPDATE the rows by `key` (the key's value comes last in each tuple, after all `attnames`)."""
        if not rows:
            return
        model_key = connection.ops.quote_name(self.key)
        sets = ", ".join(f"{c} = %s" for c in self.columns)
        sql = f"UPDATE {self.table} SET {sets} WHERE {model_key} = %s"
        convert_key = self.key_converter or (lambda v: v)
        converted = [[*row, convert_key(original[-1])]
                     for row, original in zip(self._convert([r[:-1] for r in rows]), rows, strict=True)]
        with connection.cursor() as cursor:
            cursor.executemany(sql, converted)


def to_database(model, attname: str):
    """A function giving the database form of values of a model's column (for `converted` columns)."""
    return _converter({f.attname: f for f in model._meta.concrete_fields}[attname]) or (lambda value: value)


def delete_where_in(model, column: str, values: list, *, converted: bool = False, chunk: int = 900) -> None:
    """DELETE the model's rows whose `column` (a foreign key attname) is one of `values` (in database form
    when `converted`)."""
    field = {f.attname: f for f in model._meta.concrete_fields}[column]
    convert = (None if converted else _converter(field)) or (lambda v: v)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = connection.ops.quote_name(field.column)
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = [convert(v) for v in values[start:start + chunk]]
            cursor.execute(f"DELETE FROM {table} WHERE {quoted} IN ({', '.join(['%s'] * len(part))})", part)

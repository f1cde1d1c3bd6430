"""The kit's batch paths: what `RecordService.create_many` does for many records with a few queries instead of a
few per record, giving what the per-record code gives.

- `write_new_related`: the children and release rows of new records, one bulk insert per kind for the batch.
- `change_snapshots`: the change snapshots of records (`Record.change_snapshot`, equal value for value), one
  query per kind of child and one for the releases.
- `same_as_stored`: whether an import row would change nothing of a stored record (its fields after `apply`,
  its children and releases as prefetched by `stored_prefetches`), so that an unchanged row writes nothing and
  reads nothing more; when in doubt, it answers no and the record goes through the write-and-compare path.

A record type that overrides how its children, releases or snapshot are written or read (`write_children`,
`write_related`, `snapshot`, `change_snapshot`) keeps its own per-record code: these apply only to the kit's.
"""

from collections import defaultdict

from peaceops.core.changelog import snapshot
from peaceops.core.records import RELEASE_EXPIRY_KEY

from .mixins import Record, child_key, snapshot_values

#: Fields of a record a comparison ignores (bookkeeping, not content).
BOOKKEEPING_ATTNAMES = frozenset({"created_at", "updated_at", "created_by_id", "updated_by_id"})


def _plain(service, *names: str) -> bool:
    """Whether the service keeps the kit's own `RecordService` methods `names` (not overridden)."""
    return all(getattr(type(service), n).__qualname__ == f"RecordService.{n}" for n in names)


def _child_relations(model):
    """(related name, child model, link field name, link attname, fields) of each snapshot child."""
    for name, fields in model.snapshot_children.items():
        descriptor = getattr(model, name)
        yield name, descriptor.rel.related_model, descriptor.field.name, descriptor.field.attname, fields


def write_new_related(service, new: list[tuple], organisations: dict, user) -> None:
    """Write the children and release rows of new, saved records (`(record, validated data)` pairs)."""
    if not _plain(service, "write_children", "write_related"):
        for record, data in new:
            service.write_related(record, data, organisations, user, replace=False)
        return
    model = service.model
    for name, child, link, _attname, _fields in _child_relations(model):
        attname = {f.name: f.attname for f in child._meta.concrete_fields}
        child._default_manager.bulk_create(
            [
                child(**{link: record}, **{attname[k]: v for k, v in row.items()})
                for record, data in new
                for row in data[name]
            ],
            batch_size=1000,
        )
    release, link = model.release_model(), model._meta.model_name
    release._default_manager.bulk_create(
        [
            release(
                **{link: record},
                organisation_id=organisations[code].pk,
                granted_at=record.updated_at,
                granted_by=user,
            )
            for record, data in new
            for code in sorted(set(data["releasable_to"]))
        ],
        batch_size=1000,
    )


def change_snapshots(service, records: list) -> list[dict]:
    """The change snapshots of saved records, as `service.snapshot` gives each."""
    if not records:
        return []
    if not _plain(service, "snapshot") or any(
        type(r).change_snapshot is not Record.change_snapshot for r in records
    ):
        return [service.snapshot(r) for r in records]
    model, pks = service.model, [r.pk for r in records]
    release, link = model.release_model(), model._meta.model_name
    releases = defaultdict(list)
    for owner, code, ends in release._default_manager.filter(**{f"{link}__in": pks}).values_list(
        link, "organisation__code", "expires_at"
    ):
        releases[owner].append((code, ends))
    children = {}
    for name, child, _link, attname, fields in _child_relations(model):
        rows = defaultdict(list)
        for row in (
            child._default_manager.filter(**{f"{attname}__in": pks})
            .order_by(attname, *child_key(child, fields))
            .values(attname, *fields)
        ):
            owner = row.pop(attname) if attname not in fields else row[attname]
            rows[owner].append(snapshot_values(row))
        children[name] = rows
    out = []
    for record in records:
        stored = sorted(releases[record.pk])
        extra = {
            "releasable_to": [code for code, _ in stored],
            RELEASE_EXPIRY_KEY: {code: ends.isoformat() for code, ends in stored if ends is not None},
        }
        for name in model.snapshot_children:
            extra[name] = children[name][record.pk]
        out.append(snapshot(record, extra))
    return out


def stored_prefetches(service) -> list:
    """What `same_as_stored` and `to_data` read of stored records, to prefetch with them."""
    model = service.model
    return [*model.snapshot_children, "releases__organisation", model.releases_in_force_prefetch()]


def same_as_stored(service, record, data: dict) -> bool:
    """Whether writing validated `data` to the stored `record` (its children and releases prefetched) would
    change none of its fields, children or releases. The record is left as it was."""
    if not _plain(service, "write_children", "write_related"):
        return False
    model = service.model
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in BOOKKEEPING_ATTNAMES]
    before = {a: getattr(record, a) for a in names}
    try:
        service.apply([record], [data])
        if any(getattr(record, a) != before[a] for a in names):
            return False
    finally:
        for a, value in before.items():
            setattr(record, a, value)
    try:
        for name, child, _link, _attname, fields in _child_relations(model):
            attname = {f: child._meta.get_field(f).attname for f in fields}
            key = child_key(child, fields)
            stored = sorted(
                getattr(record, name).all(), key=lambda c: tuple(getattr(c, attname[f]) for f in key)
            )
            if [{f: getattr(c, attname[f]) for f in fields} for c in stored] != [
                {f: row.get(f) for f in fields} for row in data[name]
            ]:
                return False
    except TypeError:  # keys that do not compare (None among values): let the write path decide
        return False
    released = sorted({r.organisation.code for r in record.releases.all()})
    return released == sorted(set(data["releasable_to"]))

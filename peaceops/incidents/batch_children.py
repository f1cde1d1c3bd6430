"""What hangs off incidents in the write path (`batch`): casualties, actor links, sources and releasability.

`Children` is one incident's children as plain values, built from IncidentData (what a row says) or from the
database (what is stored), with the JSON the change log snapshots, so both can be compared without models.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import connection

from peaceops.core.models import Organisation
from peaceops.core.records import RELEASE_EXPIRY_KEY

from .batch_sql import RowWriter, delete_where_in
from .inputs import IncidentData
from .models import Actor, Casualty, Incident, IncidentActor, Source

_CASUALTY = ["killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high"]
_RELEASED = Incident.releasable_to.through
_CASUALTY_KEYS = ("group", *_CASUALTY)


@dataclass(slots=True)
class Children:
    """One incident's children as plain values."""

    KEYS = ("releasable_to", "casualties", "actors", "sources")

    casualties: list[tuple]  # (group, killed_low, ..., injured_high)
    actors: list[tuple]  # (name, role, type, ucdp_actor_id), unique by (name, role)
    sources: list[tuple]  # (type, reference, reliability, credibility, reported_at)
    release: list[tuple]  # (organisation id, code)
    expiry: list[tuple] = field(default_factory=list)  # (code, expires_at) of stored releases that end

    @classmethod
    def of(cls, data: IncidentData, release: list[Organisation]) -> "Children":
        actors = []
        if data.actors:
            seen = set()
            for a in data.actors:
                name = a.name.strip()
                if (name, a.role) not in seen:
                    seen.add((name, a.role))
                    actors.append((name, a.role, a.type, a.ucdp_actor_id))
        return cls(
            [(c.group, c.killed_low, c.killed_best, c.killed_high, c.injured_low, c.injured_best, c.injured_high)
             for c in data.casualties],
            actors,
            [(s.type, s.reference, s.reliability, s.credibility, s.reported_at) for s in data.sources],
            [(o.pk, o.code) for o in release],
        )

    def keep_releases(self, stored: "Children") -> None:
        """Keep the stored releases besides those the row names: an import adds releases, never withdraws one
        (a file without releasability, or made before a release, must not undo it; withdrawing goes through
        the sharing service or an edit)."""
        named = {org_id for org_id, _ in self.release}
        self.release = self.release + [(org_id, code) for org_id, code in stored.release if org_id not in named]
        self.expiry = list(stored.expiry)  # stored releases keep their expiry

    def same_as(self, other: "Children") -> bool:
        """Whether both have the same content (what the change log's snapshot would show)."""
        return (
            sorted(self.casualties) == sorted(other.casualties)
            and sorted((n, r) for n, r, _, _ in self.actors) == sorted((n, r) for n, r, _, _ in other.actors)
            and [s[:4] for s in self.sources] == [s[:4] for s in other.sources]
            and sorted(c for _, c in self.release) == sorted(c for _, c in other.release)
        )

    def add_json(self, snap: dict) -> None:
        """Add the children part of the change log's snapshot to `snap`."""
        release, casualties, actors = self.release, self.casualties, self.actors
        snap["releasable_to"] = sorted([code for _, code in release]) if release else []
        snap[RELEASE_EXPIRY_KEY] = {code: expiry_text(ends) for code, ends in self.expiry
                                    if code in snap["releasable_to"]} if self.expiry else {}
        snap["casualties"] = [dict(zip(_CASUALTY_KEYS, c, strict=True))
                              for c in (sorted(casualties) if len(casualties) > 1 else casualties)]
        snap["actors"] = sorted([[name, role] for name, role, _, _ in actors]) if actors else []
        snap["sources"] = [{"type": t, "reference": r, "reliability": rel, "credibility": cred}
                           for t, r, rel, cred, _ in self.sources]


def stored_children(incident_ids: list) -> dict:
    """The stored children of these incidents (ids in database form), by id: four queries per 900 incidents."""
    found = {i: Children([], [], [], []) for i in incident_ids}
    q = connection.ops.quote_name
    tables = {m: q(m._meta.db_table) for m in (Casualty, IncidentActor, Actor, Source, _RELEASED, Organisation)}
    queries = (
        ("casualties", f"SELECT incident_id, {q('group')}, {', '.join(_CASUALTY)} FROM {tables[Casualty]} "
                       "WHERE incident_id IN ({})"),
        ("actors", f"SELECT l.incident_id, a.name, l.role, a.type, a.ucdp_actor_id FROM {tables[IncidentActor]} l "
                   f"JOIN {tables[Actor]} a ON a.id = l.actor_id WHERE l.incident_id IN ({{}})"),
        ("sources", f"SELECT incident_id, type, reference, reliability, credibility, reported_at "
                    f"FROM {tables[Source]} WHERE incident_id IN ({{}}) ORDER BY id"),
        ("release", f"SELECT r.incident_id, r.organisation_id, o.code FROM {tables[_RELEASED]} r "
                    f"JOIN {tables[Organisation]} o ON o.id = r.organisation_id WHERE r.incident_id IN ({{}})"),
        ("expiry", f"SELECT r.incident_id, o.code, r.expires_at FROM {tables[_RELEASED]} r "
                   f"JOIN {tables[Organisation]} o ON o.id = r.organisation_id "
                   "WHERE r.incident_id IN ({}) AND r.expires_at IS NOT NULL"),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(incident_ids), 900):
            chunk = incident_ids[start:start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            for kind, sql in queries:
                cursor.execute(sql.format(marks), chunk)
                for incident_id, *values in cursor.fetchall():
                    getattr(found[incident_id], kind).append(tuple(values))
    return found


def expiry_text(value) -> str:
    """A release's expiry read by a raw query (a datetime, or text on SQLite) as the snapshot's ISO text (UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def write_children(mission, new: list[tuple], changed: list[tuple], *, granted: tuple = (None, None),
                   copy: bool = True) -> None:
    """Insert the children of new incidents and replace those of changed ones: (incident id in database form,
    Children) pairs (see batch_sql.to_database). Releases that stay keep their grant, expiry and group; new
    ones are granted at `granted` (time, user id). `copy`: see `RowWriter.insert`."""
    changed_ids = [incident_id for incident_id, _ in changed]
    for model in (Casualty, IncidentActor, Source):
        delete_where_in(model, "incident_id", changed_ids, converted=True)
    kept = _keep_releases(changed)
    pairs = new + changed
    actor_ids = _actor_ids(mission, [a for _, c in pairs for a in c.actors])
    casualties, links, sources, released = [], [], [], []
    for incident_id, children in pairs:
        casualties += [(incident_id, *c) for c in children.casualties]
        links += [(incident_id, actor_ids[name], role) for name, role, _, _ in children.actors]
        sources += [(incident_id, *s) for s in children.sources]
        released += [(incident_id, org_id, *granted) for org_id, _ in children.release
                     if (_uuid(incident_id), org_id) not in kept]
    ready = ("incident_id",)
    RowWriter(Casualty, ["incident_id", "group", *_CASUALTY], converted=ready).insert(casualties, copy=copy)
    RowWriter(IncidentActor, ["incident_id", "actor_id", "role"], converted=ready).insert(links, copy=copy)
    RowWriter(Source, ["incident_id", "type", "reference", "reliability", "credibility", "reported_at"],
              converted=ready).insert(sources, copy=copy)
    RowWriter(_RELEASED, ["incident_id", "organisation_id", "granted_at", "granted_by_id"],
              converted=ready).insert(released, copy=copy)


def _uuid(incident_id) -> uuid.UUID:
    """An incident id in database form (UUID or 32 hex characters) as a UUID."""
    return incident_id if isinstance(incident_id, uuid.UUID) else uuid.UUID(str(incident_id))


def _keep_releases(changed: list[tuple]) -> set[tuple]:
    """Remove the stored releases of changed incidents that their new list no longer names; return the
    (incident UUID, organisation id) pairs that stay, which keep their grant, expiry and group."""
    wanted = {(_uuid(i), org_id) for i, children in changed for org_id, _ in children.release}
    table = connection.ops.quote_name(_RELEASED._meta.db_table)
    ids = [incident_id for incident_id, _ in changed]
    kept, gone = set(), []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 900):
            part = ids[start:start + 900]
            cursor.execute(f"SELECT id, incident_id, organisation_id FROM {table} "
                           f"WHERE incident_id IN ({', '.join(['%s'] * len(part))})", part)
            for release_id, incident_id, org_id in cursor.fetchall():
                pair = (_uuid(incident_id), org_id)
                if pair in wanted:
                    kept.add(pair)
                else:
                    gone.append(release_id)
        for start in range(0, len(gone), 900):
            part = gone[start:start + 900]
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(part))})", part)
    return kept


def _actor_ids(mission, actors: list[tuple]) -> dict[str, int]:
    """The mission's actor ids for these names; actors not yet known are created (type as first seen)."""
    wanted = {}
    for name, _, kind, ucdp in actors:
        wanted.setdefault(name, (kind, ucdp))
    if not wanted:
        return {}
    names = list(wanted)
    found = {}
    for start in range(0, len(names), 900):
        found.update(Actor.objects.filter(mission=mission, name__in=names[start:start + 900])
                     .values_list("name", "pk"))
    missing = [n for n in names if n not in found]
    if missing:
        Actor.objects.bulk_create(
            [Actor(mission=mission, name=n, type=wanted[n][0], ucdp_actor_id=wanted[n][1]) for n in missing],
            ignore_conflicts=True,
        )
        for start in range(0, len(missing), 900):
            found.update(Actor.objects.filter(mission=mission, name__in=missing[start:start + 900])
                         .values_list("name", "pk"))
    return found

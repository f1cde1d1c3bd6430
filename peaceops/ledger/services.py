"""Writing to the ledger: the only functions that add entries. Nothing here (or anywhere) edits or removes one.

Every function appends in the caller's transaction (see `chain`): when the caller's work rolls back, so does
its ledger entry.
"""

from itertools import groupby

from django.db import transaction
from django.db.models import Max

from peaceops.core.choices import Classification
from peaceops.core.context import current_request_id

from . import canonical, changes
from .chain import append, append_many, chain_of, head, lock
from .choices import LedgerKind
from .models import LedgerEntry

#: Most change-log entries one ledger entry covers (a larger batch gets several entries).
MAX_CHANGES_PER_ENTRY = 50_000


def _actor_name(user) -> str:
    return getattr(user, "username", "") or "system"


def record_changes(known: list[tuple[int, int | None, str, str]] | None = None) -> list[LedgerEntry]:
    """Cover every change-log entry written in this transaction that no ledger entry covers yet.

    One ledger entry per mission chain (of at most `MAX_CHANGES_PER_ENTRY` change-log entries), whose payload
    lists `[id, content hash]` of each change-log entry. Call it after writing change-log rows, in the same
    transaction: `log_change` does for single changes; batch writers call it once per batch. Found by id:
    every change-log writer holds the ledger lock from its first insert to its commit (see `triggers`), so
    the entries above the highest id the ledger covers are this transaction's own.

    `known`: (id, mission id, actor name, content hash) of entries the caller has just written, in id order,
    their hashes computed from the values in hand (`canonical.change_hash` with `orjson.Fragment`s, see
    `incidents.batch`), which saves reading them back. Used only when they are exactly the uncovered entries
    (the ids follow the last covered one and end at the change log's largest id); otherwise the entries are
    read back as always.
    """
    written = []
    with transaction.atomic():
        lock()
        last = LedgerEntry.objects.aggregate(last=Max("last_change_id"))["last"] or 0
        pending = _known_if_complete(known, last)
        while True:
            if pending is not None:
                rows, pending = pending[:MAX_CHANGES_PER_ENTRY], pending[MAX_CHANGES_PER_ENTRY:]
            else:
                rows = changes.after(last, MAX_CHANGES_PER_ENTRY)
            if not rows:
                return written
            last = rows[-1][0]
            by_chain = sorted(rows, key=lambda r: (chain_of(r[1]), r[0]))
            for chain, group in groupby(by_chain, key=lambda r: chain_of(r[1])):
                group = list(group)
                actors = {r[2] for r in group}
                written.append(append(kind=LedgerKind.CHANGE, actor=actors.pop() if len(actors) == 1 else "several",
                                      mission_id=chain, payload=_change_payload(group),
                                      last_change_id=group[-1][0]))


def _change_payload(rows) -> dict:
    """A `change` entry's payload: `[id, content hash]` of each change-log entry, and the hashes' form
    (see `canonical`; form 1, the first, is written without a `form` key, as ledgers before form 2 hold it)."""
    payload = {"changes": [[r[0], r[3]] for r in rows]}
    if canonical.CHANGE_FORM != 1:
        payload["form"] = canonical.CHANGE_FORM
    return payload


def _known_if_complete(known, last: int):
    """`known` when its ids are exactly the change-log ids above `last`, else None."""
    if not known:
        return None
    ids = [row[0] for row in known]
    if ids[0] <= last or any(a >= b for a, b in zip(ids, ids[1:], strict=False)):
        return None
    if changes.span_after(last) != (len(ids), ids[0], ids[-1]):
        return None
    return list(known)


def record_if_sensitive(user, obj, *, via: str) -> LedgerEntry | None:
    """Record that `obj` was shown to `user` when it is STRICTLY CONFIDENTIAL (call where a record's detail
    is shown: its page, its API detail)."""
    if getattr(obj, "classification", None) != Classification.STRICTLY_CONFIDENTIAL:
        return None
    return record_sensitive_view(user=user, obj=obj, via=via)


def record_sensitive_view(*, user, obj, via: str) -> LedgerEntry:
    """A STRICTLY CONFIDENTIAL record was shown to `user` (`via`: 'page' or 'api')."""
    meta = obj._meta
    return append(kind=LedgerKind.SENSITIVE_VIEW, actor=_actor_name(user), mission_id=obj.mission_id, payload={
        "object_type": f"{meta.app_label}.{meta.model_name}", "object_id": str(obj.pk),
        "classification": obj.classification, "via": via, "request_id": current_request_id(),
    })


def record_sensitive_list(user, shown, *, via: str, object_type: str = "incidents.incident") -> list[LedgerEntry]:
    """The STRICTLY CONFIDENTIAL records among those one request showed together (a list, search results, a
    feed page, a report) were shown to `user`: one entry per mission naming them all (`object_ids`), none when
    none was. `shown`: (id, mission id, classification) of every record shown."""
    by_mission: dict = {}
    for object_id, mission_id, classification in shown:
        if classification == Classification.STRICTLY_CONFIDENTIAL:
            by_mission.setdefault(mission_id, set()).add(str(object_id))
    if not by_mission:
        return []
    request_id = current_request_id()
    return append_many([dict(kind=LedgerKind.SENSITIVE_VIEW, actor=_actor_name(user), mission_id=mission_id,
                             payload={"object_type": object_type, "object_ids": sorted(ids),
                                      "classification": Classification.STRICTLY_CONFIDENTIAL, "via": via,
                                      "request_id": request_id})
                        for mission_id, ids in sorted(by_mission.items(), key=lambda item: item[0] or 0)])


def record_export(*, user, mission_id: int | None, format: str, filters: dict, rows: int, sha256: str | None,
                  destination: str) -> LedgerEntry:
    """An export was written: who, which format and filters, how many rows, the SHA-256 of the file."""
    return append(kind=LedgerKind.EXPORT, actor=_actor_name(user), mission_id=mission_id, payload={
        "format": format, "filters": {k: str(v) for k, v in filters.items()}, "rows": rows, "sha256": sha256,
        "destination": destination, "request_id": current_request_id(),
    })


def record_sharing_change(change) -> LedgerEntry:
    """One sharing change: a record released to, withdrawn from, or expired for one organisation.

    `change` is a `peaceops.sharing.services.SharingChange`; `sharing.services.record_sharing_changes` (the one
    hook every sharing change goes through, in the transaction that makes it) calls `record_sharing_changes`.
    """
    return record_sharing_changes([change])[0]


def record_sharing_changes(changes) -> list[LedgerEntry]:
    """One ledger entry per sharing change, as `record_sharing_change` writes each, appended together (an
    import batch reports hundreds at once)."""
    request_id = current_request_id()
    return append_many([dict(kind=LedgerKind.SHARING, actor=_actor_name(change.acting_user),
                             mission_id=change.mission_id, payload={
                                 "object_type": change.record_type, "object_id": change.record_id,
                                 "action": str(change.action), "organisation": change.organisation_code,
                                 "expires_at": change.expires_at.isoformat() if change.expires_at else None,
                                 "via": change.via, "reason": change.reason, "request_id": request_id,
                             }) for change in changes])


def record_refusal(*, user, mission_id: int | None, action: str, target: str, reason: str) -> LedgerEntry:
    """An administrative action was refused (`peaceops.core.refusals`): who tried what on which object, and
    why it was refused. Appended in the mission's chain (installation chain for None)."""
    return append(kind=LedgerKind.REFUSAL, actor=_actor_name(user), mission_id=mission_id, payload={
        "action": action, "target": target, "reason": reason, "request_id": current_request_id(),
    })


def anchor(*, mission_id: int | None, actor: str = "system") -> LedgerEntry:
    """Append an anchor to the mission's chain (installation chain for None) and return it: its sequence and
    hash are the head to publish (daily report, a message to headquarters) and check later with
    `verify-ledger --anchor SEQ:HASH`."""
    with transaction.atomic():
        lock()
        current = head(chain_of(mission_id))
        return append(kind=LedgerKind.ANCHOR, actor=actor, mission_id=mission_id, payload={
            "entries": current.sequence if current else 0,
            "head_sha256": current.entry_sha256 if current else None,
        })

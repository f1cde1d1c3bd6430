"""Checking the chains: every hash recomputed, every covered change-log entry hashed again, the first broken
link of each chain named. Streams the entries (keyset pages), so memory stays flat on millions of entries."""

from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

from peaceops.core.models import ChangeLogEntry, Mission

from . import canonical, changes
from .choices import LedgerKind
from .models import LedgerEntry

PAGE = 500  # entries read per round
IDS_PER_ROUND = 20_000  # covered change-log ids hashed per round


@dataclass
class Break:
    """The first broken link of a chain: where, and what is wrong."""

    chain: int
    sequence: int
    problem: str  # edited-payload, edited-entry, reordered, broken-link, missing-entries, change-altered,
    # change-moved, change-deleted, anchor-mismatch, truncated, uncovered-changes
    detail: str

    def __str__(self) -> str:
        return f"chain {self.chain}, entry {self.sequence}: {self.problem}: {self.detail}"


@dataclass
class ChainResult:
    chain: int
    entries: int = 0
    changes: int = 0
    head: tuple[int, str] | None = None
    broken: Break | None = None


@dataclass
class _Walk:
    chain: int
    anchor: tuple[int, str] | None
    result: ChainResult
    expected: int = 1
    previous: str = canonical.GENESIS
    covered: int = 0
    pending: list = field(default_factory=list)
    mission_gone: bool | None = None


def chains(mission_id: int | None = None) -> list[int]:
    """The chains to check: one mission's, or every chain in the ledger."""
    if mission_id is not None:
        return [mission_id]
    return sorted(set(LedgerEntry.objects.values_list("chain", flat=True).distinct()))


def verify_chain(chain: int, *, anchor: tuple[int, str] | None = None,
                 advance: Callable[[int], None] = lambda n: None) -> ChainResult:
    """Walk one chain from its first entry; stop at the first broken link."""
    walk = _Walk(chain, anchor, ChainResult(chain))
    last = 0
    while walk.result.broken is None:
        page = list(LedgerEntry.objects.filter(chain=chain, sequence__gt=last).order_by("sequence")[:PAGE])
        if not page:
            break
        for group in _rounds(page):
            known = changes.hashes_of({i: form for _, (form, ids) in group for i, _ in ids})
            for entry, covered in group:
                walk.result.broken = _check(walk, entry, covered, known)
                if walk.result.broken:
                    break
                walk.result.entries += 1
                walk.result.changes += len(covered[1])
                walk.result.head = (entry.sequence, entry.entry_sha256)
                advance(1)
            if walk.result.broken:
                break
        last = page[-1].sequence
    if walk.result.broken is None:
        walk.result.broken = _after_walk(walk)
    return walk.result


def _rounds(page: list[LedgerEntry]):
    """The page's entries with the change-log ids they cover (and the form of their hashes), in groups of about
    `IDS_PER_ROUND` ids."""
    group, ids = [], 0
    for entry in page:
        covered = _covered(entry)
        if group and ids + len(covered[1]) > IDS_PER_ROUND:
            yield group
            group, ids = [], 0
        group.append((entry, covered))
        ids += len(covered[1])
    if group:
        yield group


def _covered(entry: LedgerEntry) -> tuple[int, list[tuple[int, str]]]:
    """The form of the content hashes a `change` entry lists, and its `[id, hash]` pairs."""
    if entry.kind != LedgerKind.CHANGE:
        return canonical.CHANGE_FORM, []
    try:
        payload = orjson.loads(entry.payload)
        form = payload.get("form", 1)
        return (form if form in canonical.CHANGE_FORMS else canonical.CHANGE_FORM,
                [(int(i), h) for i, h in payload.get("changes", [])])
    except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
        return canonical.CHANGE_FORM, []  # an unreadable payload fails its hash check first


def _check(walk: _Walk, entry: LedgerEntry, covered, known: dict[int, str]) -> Break | None:
    """The problem with this entry, in the order a reader should hear it; None when it holds."""
    def broken(problem, detail):
        return Break(walk.chain, entry.sequence, problem, detail)

    if entry.sequence != walk.expected:
        missing = f"{walk.expected}" + (f"-{entry.sequence - 1}" if entry.sequence - 1 > walk.expected else "")
        return Break(walk.chain, walk.expected, "missing-entries",
                     f"entries {missing} are missing (deleted); the chain resumes at {entry.sequence}")
    if canonical.sha256(entry.payload.encode()) != entry.payload_sha256:
        return broken("edited-payload", "the payload does not match its SHA-256 (the payload was edited)")
    if _recomputed(entry, entry.sequence) != entry.entry_sha256 or (entry.mission_id or 0) != walk.chain:
        return _misplaced(walk, entry) or broken(
            "edited-entry", "the entry's hash does not match its fields (time, kind, actor, hashes were edited)")
    if entry.previous_sha256 != walk.previous:
        return broken("broken-link", f"its previous hash is not the hash of entry {entry.sequence - 1} "
                                     "(entries were inserted, or the chain was rewritten from here)")
    form, pairs = covered
    if entry.last_change_id != (max((i for i, _ in pairs), default=None)):
        return broken("edited-entry", "its last_change_id is not the last change-log entry it covers "
                                      "(the entry's bookkeeping was edited)")
    for change_id, digest in pairs:
        stored = known.get(change_id)
        if stored is None:
            return broken("change-deleted", f"change-log entry {change_id} it covers is missing (deleted)")
        if stored[1] != (walk.chain or None) and not _left_with_its_mission(walk, form, stored[1]):
            return broken("change-moved", f"change-log entry {change_id} it covers was moved out of this chain "
                                          f"(its mission is now {stored[1] or 'none'})")
        if stored[0] != digest:
            return broken("change-altered", f"change-log entry {change_id} it covers was altered")
    if walk.anchor and walk.anchor[0] == entry.sequence and walk.anchor[1] != entry.entry_sha256:
        return broken("anchor-mismatch", f"the anchor {walk.anchor[0]}:{walk.anchor[1]} names another hash "
                                         "(the chain was rewritten since the anchor was published)")
    walk.expected, walk.previous = entry.sequence + 1, entry.entry_sha256
    walk.covered += len(pairs)
    return None


def _left_with_its_mission(walk: _Walk, form: int, mission_id: int | None) -> bool:
    """Whether a form-1 change-log entry without a mission lost it when its mission was deleted (before form 2,
    deleting a mission emptied its entries' mission; since, the change log keeps it)."""
    if form != 1 or mission_id is not None or not walk.chain:
        return False
    if walk.mission_gone is None:
        walk.mission_gone = not Mission.objects.filter(pk=walk.chain).exists()
    return walk.mission_gone


def _recomputed(entry: LedgerEntry, sequence: int) -> str:
    return canonical.entry_hash(sequence=sequence, chain=entry.chain, time=entry.time, kind=entry.kind,
                                actor=entry.actor, payload_sha256=entry.payload_sha256,
                                previous_sha256=entry.previous_sha256)


def _misplaced(walk: _Walk, entry: LedgerEntry) -> Break | None:
    """When the entry's content is intact but belongs at another position (entries swapped): say where."""
    sequence = _true_sequence(walk.chain, entry, depth=3)
    if sequence is None or sequence == entry.sequence:
        return None
    return Break(walk.chain, entry.sequence, "reordered",
                 f"it holds the content of entry {sequence} (entries were reordered)")


def _true_sequence(chain: int, entry: LedgerEntry, depth: int) -> int | None:
    """The position whose hash the entry's content was written for, found from its neighbours in the true
    chain (the entry it names as previous, the entry that names it), which may have moved too; or None."""
    if _recomputed(entry, entry.sequence) == entry.entry_sha256:
        return entry.sequence
    candidates = []
    if entry.previous_sha256 == canonical.GENESIS:
        candidates.append(1)
    if depth > 0:
        same_chain = LedgerEntry.objects.filter(chain=chain)
        before = same_chain.filter(entry_sha256=entry.previous_sha256).exclude(pk=entry.pk).first()
        after = same_chain.filter(previous_sha256=entry.entry_sha256).exclude(pk=entry.pk).first()
        if before is not None and (found := _true_sequence(chain, before, depth - 1)):
            candidates.append(found + 1)
        if after is not None and (found := _true_sequence(chain, after, depth - 1)):
            candidates.append(found - 1)
    return next((s for s in candidates if s > 0 and _recomputed(entry, s) == entry.entry_sha256), None)


def _after_walk(walk: _Walk) -> Break | None:
    """Checks on the chain as a whole: it reaches the anchor, and it covers every change-log entry."""
    end = walk.expected - 1
    if walk.anchor and walk.anchor[0] > end:
        return Break(walk.chain, end + 1, "truncated",
                     f"the chain ends at entry {end}, before the anchor {walk.anchor[0]} (entries removed from the end)")
    if not walk.chain:  # installation-wide entries: checked with all chains (`uncovered`)
        return None
    total = ChangeLogEntry.objects.filter(mission_id=walk.chain).count()
    if total > walk.covered:
        return Break(walk.chain, end, "uncovered-changes",
                     f"{total - walk.covered} change-log entries are not covered by the ledger "
                     "(written around the application)")
    return None


def uncovered(results: list[ChainResult]) -> int:
    """How many change-log entries no chain covers, given the results of every chain (a mission's deletion
    moves its change-log entries out of the mission, never out of the ledger's count)."""
    return max(0, ChangeLogEntry.objects.count() - sum(r.changes for r in results))

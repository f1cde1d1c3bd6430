"""The one visibility rule: who may read a record, stated once and turned into every form the platform needs.

For a record type (a `DomainRecord` model), in each mission where one of their roles gives `<type>.view`, a
user reads:
- PUBLIC records of the mission;
- CONFIDENTIAL records owned by, or released to, one of their organisations in that mission;
- STRICTLY CONFIDENTIAL records likewise, only when a role also gives `<type>.view_strictly_confidential`.
A release counts only while it is in force (releases with an expiry stop counting at their end). Superusers
read every record. A record type declared **need-to-know** (`need_to_know = True` on the model) is read by no
one through role or superuser status: only by the users assigned to the record, or holding a break-glass
access to it while it lasts (`core.assignments`). A record type may instead make some of its rows need-to-know:
`need_to_know_field = "misconduct"` names a boolean field, and a row where it is true is read exactly as a
record of a need-to-know type (assigned users and break-glass only, superusers included), while the other rows
follow the sharing rule. Past versions of a row marked now are judged as the row is now (a version written before
the mark is not shown to a reader who may not read the row today).

`VisibilityRule._shared` writes the sharing rule once, over abstract terms (mission, classification, owned by,
released to); each form interprets the terms:
- `row_filter(user)`: a Q on the record type's rows (what `Model.objects.visible_to(user)` applies);
- `tally_filter(user)`: a Q on pre-aggregated tally rows keyed by visibility class (a `release_key` of
  ",<org id>,..." per row), for the incident tallies;
- `reader(user, mission_id)`: a `VersionReader` judging a change-log snapshot (live pages, feeds, history);
- `judge(user, record)`: a `Decision` with the reason, for "Access explained" (`core.explain`);
- `sight_summary` / `covers`: the analytics form, what a stored aggregate's builder could read compared with
  a later reader's sight.
A property test (tests/core/test_visibility_rule.py) holds the forms to the same answers on random worlds.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, reduce

from django.db.models import Exists, OuterRef, Q

from .access import access_profile
from .choices import Classification
from .permissions import record_code

#: The snapshot key that lists, for each release with an expiry, when it ends ({organisation code: ISO time}).
#: Snapshots written before it existed lack it: see `VersionReader.may_read`.
RELEASE_EXPIRY_KEY = "release_expiry"


@dataclass(frozen=True)
class Standing:
    """A user's standing in one mission for one record type: their organisations there, and whether they read
    STRICTLY CONFIDENTIAL records."""

    mission_id: int
    organisation_ids: frozenset[int]
    strictly_confidential: bool = False

    @property
    def levels(self) -> tuple[str, ...]:
        """The classifications above PUBLIC they read when owned by or released to their organisations."""
        if self.strictly_confidential:
            return (Classification.CONFIDENTIAL, Classification.STRICTLY_CONFIDENTIAL)
        return (Classification.CONFIDENTIAL,)


@dataclass(frozen=True)
class Sight:
    """What one user reads of one record type: everything (superusers), by standing per mission, or (need-to-
    know types) the records assigned to them and those they hold a break-glass access to."""

    member: bool = False  # holds a role in force in some mission
    everything: bool = False
    standings: dict[int, Standing] = field(default_factory=dict)
    need_to_know: bool = False
    marked_field: str | None = None  # row-level need-to-know: rows where this field is true
    assigned: frozenset[str] = frozenset()
    broken_into: frozenset[str] = frozenset()

    @property
    def record_ids(self) -> frozenset[str]:
        return self.assigned | self.broken_into


# --- the terms each form interprets ------------------------------------------------------------------------


class _RowTerms:
    """The rule's terms as Q conditions on a record type's rows."""

    def __init__(self, model):
        self.model = model

    def all_of(self, *parts):
        return reduce(lambda a, b: a & b, parts)

    def any_of(self, *parts):
        return reduce(lambda a, b: a | b, parts)

    def in_mission(self, mission_id):
        return Q(mission_id=mission_id)

    def public(self):
        return Q(classification=Classification.PUBLIC)

    def classified(self, levels):
        return Q(classification__in=list(levels))

    def owned_by(self, organisation_ids):
        return Q(owner_id__in=list(organisation_ids))

    def released_to(self, organisation_ids):
        released = self.model.releasable_to.through
        releases = released.objects.all()
        if hasattr(released, "in_force"):
            releases = releases.filter(released.in_force())  # an expired release shows nothing
        source_field = f"{self.model._meta.model_name}_id"
        return Exists(releases.filter(**{source_field: OuterRef("pk")}, organisation_id__in=list(organisation_ids)))


class _TallyTerms(_RowTerms):
    """The rule's terms as Q conditions on tally rows: one row per visibility class (mission, classification,
    owner, and `release_key` ",3,7," listing the organisations released to). Release rows know no expiry: the
    tallies decline questions while a release is expiring (`incidents.tally`)."""

    def __init__(self):
        super().__init__(None)

    def released_to(self, organisation_ids):
        return reduce(lambda a, b: a | b, (Q(release_key__contains=f",{o},") for o in sorted(organisation_ids)),
                      Q(pk__in=[]))


class _FactTerms:
    """The rule's terms as yes or no on the facts of one record (as it is, or as a snapshot recorded it).

    Terms are answered lazily, in the rule's order, and `any_of`/`all_of` stop at the first answer that decides
    (as Python's `or`/`and` do): a PUBLIC or owned version never asks for its releases, which may cost a query.
    `verdict` gives the final yes or no."""

    def __init__(self, facts: "RecordFacts"):
        self.facts = facts

    @staticmethod
    def verdict(term) -> bool:
        return bool(term())

    def all_of(self, *parts):
        return lambda: all(part() for part in parts)

    def any_of(self, *parts):
        return lambda: any(part() for part in parts)

    def in_mission(self, mission_id):
        return lambda: self.facts.mission_id == mission_id

    def public(self):
        return lambda: self.facts.classification == Classification.PUBLIC

    def classified(self, levels):
        return lambda: self.facts.classification in levels

    def owned_by(self, organisation_ids):
        return lambda: self.facts.owner_id in organisation_ids

    def released_to(self, organisation_ids):
        return lambda: bool(self.facts.released_to(organisation_ids))


@dataclass
class RecordFacts:
    """What the rule looks at in one record: mission, classification, owner, and the organisations (ids) it is
    released to by releases in force (`released` None: ask `released_of`, a callable of the reader's ids)."""

    mission_id: int | None
    classification: str | None
    owner_id: int | None
    record_id: str = ""
    released: frozenset[int] | None = None
    released_of: object = None
    marked: bool = False  # a need-to-know row (its type's `need_to_know_field` is true)

    def released_to(self, organisation_ids) -> set[int]:
        """Which of `organisation_ids` the record is released to (in force)."""
        if self.released is not None:
            return set(organisation_ids) & set(self.released)
        return set(self.released_of(frozenset(organisation_ids))) if self.released_of else set()

    @classmethod
    def of(cls, record) -> "RecordFacts":
        """The facts of a record as it is now (its releases in force: `released_organisations()`)."""
        return cls(mission_id=record.mission_id, classification=record.classification, owner_id=record.owner_id,
                   record_id=str(record.pk), released=frozenset(o.pk for o in record.released_organisations()),
                   marked=is_marked(record))


def marked_field_of(model) -> str | None:
    """The boolean field whose true rows are need-to-know (`need_to_know_field`), or None."""
    return getattr(model, "need_to_know_field", None) or None


def is_marked(record) -> bool:
    """Whether this row of a record type with a `need_to_know_field` is need-to-know now."""
    name = marked_field_of(type(record))
    return bool(name and getattr(record, name, False))


# --- the rule ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The rule's answer for one user and one record, with the step that decides it (`reason`, one of the
    constants below) and the organisations it turned on."""

    allowed: bool
    reason: str
    organisations: frozenset[int] = frozenset()
    standing: Standing | None = None


SUPERUSER, NOT_MEMBER, NO_VIEW, PUBLIC, NEEDS_STRICT, OWNED, RELEASED, NOT_SHARED, OTHER_MISSION = (
    "superuser", "not_member", "no_view", "public", "needs_strict", "owned", "released", "not_shared",
    "other_mission")
ASSIGNED, BROKEN_INTO, NOT_ASSIGNED = "assigned", "broken_into", "not_assigned"


class VisibilityRule:
    """The one statement of who may read records of `model` (see the module docstring)."""

    def __init__(self, model):
        self.model = model
        self.view_code = record_code(model, "view")
        self.strict_code = record_code(model, "view_strictly_confidential")
        self.need_to_know = bool(getattr(model, "need_to_know", False))
        self.marked_field = None if self.need_to_know else marked_field_of(model)
        self.record_type = f"{model._meta.app_label}.{model._meta.model_name}"

    # The rule itself, written once over the terms.
    def _shared(self, t, standing: Standing):
        orgs = standing.organisation_ids
        return t.all_of(t.in_mission(standing.mission_id), t.any_of(
            t.public(), t.all_of(t.classified(standing.levels), t.any_of(t.owned_by(orgs), t.released_to(orgs)))))

    def standing(self, access) -> Standing | None:
        """The standing a `MissionAccess` gives for this record type (None: no `<type>.view` there)."""
        if access is None or not access.has(self.view_code):
            return None
        return Standing(access.mission_id, access.organisation_ids, access.has(self.strict_code))

    def sight(self, user) -> Sight:
        """What `user` reads of this record type."""
        profile = access_profile(user)
        if self.need_to_know:
            from .assignments import accessible_ids

            assigned, broken = accessible_ids(user, self.record_type)
            return Sight(member=bool(profile.missions), need_to_know=True, assigned=assigned, broken_into=broken)
        marked = {}
        if self.marked_field:
            from .assignments import accessible_ids

            assigned, broken = accessible_ids(user, self.record_type)
            marked = {"marked_field": self.marked_field, "assigned": assigned, "broken_into": broken}
        if profile.superuser:
            return Sight(member=True, everything=True, **marked)
        standings = {}
        for access in profile.missions.values():
            standing = self.standing(access)
            if standing is not None:
                standings[access.mission_id] = standing
        return Sight(member=bool(profile.missions), standings=standings, **marked)

    # --- forms ---------------------------------------------------------------------------------------------

    def row_filter(self, user, sight: Sight | None = None) -> Q | bool:
        """The Q on this record type's rows that `user` reads; True: every row; False: none (no query needed)."""
        sight = sight or self.sight(user)
        if sight.need_to_know:
            return Q(pk__in=sorted(sight.record_ids)) if sight.record_ids else False
        ordinary = self._ordinary_rows(sight)
        if not sight.marked_field:
            return ordinary
        unmarked = Q(**{sight.marked_field: False})
        marked = Q(**{sight.marked_field: True}, pk__in=sorted(sight.record_ids)) if sight.record_ids else None
        if ordinary is False:
            return marked if marked is not None else False
        rows = unmarked if ordinary is True else unmarked & ordinary
        return rows | marked if marked is not None else rows

    def _ordinary_rows(self, sight: Sight) -> Q | bool:
        """The sharing rule's rows (row-level need-to-know aside)."""
        if sight.everything:
            return True
        if not sight.member:
            return False
        terms = _RowTerms(self.model)
        condition = Q(pk__in=[])
        for standing in sight.standings.values():
            condition |= self._shared(terms, standing)
        return condition

    def tally_filter(self, user) -> tuple[Q | None, frozenset[int] | None]:
        """The Q on tally rows `user` may count (None: none), and the missions they count in (None: every
        mission, for superusers). A record type with need-to-know rows has no tallies (they would have to be
        keyed by the mark and the assignments): it counts nothing, failing closed."""
        sight = self.sight(user)
        if sight.need_to_know or self.marked_field:
            return None, frozenset()
        if sight.everything:
            return Q(), None
        if not sight.member:
            return None, frozenset()
        terms = _TallyTerms()
        condition = Q(pk__in=[])
        for standing in sight.standings.values():
            condition |= self._shared(terms, standing)
        return condition, frozenset(access_profile(user).missions)

    def reader(self, user, mission_id: int | None) -> "VersionReader":
        """The snapshot form: `user` judging past versions of this type's records in one mission."""
        sight = self.sight(user)
        standing = sight.standings.get(mission_id) if mission_id is not None else None
        return VersionReader(rule=self, mission_id=mission_id, everything=sight.everything, standing=standing,
                             need_to_know_ids=sight.record_ids if sight.need_to_know else None,
                             marked_reader_ids=sight.record_ids if sight.marked_field else None)

    def judge(self, user, facts: RecordFacts, sight: Sight | None = None) -> Decision:
        """The rule for one user and one record, with the step that decides it."""
        sight = sight or self.sight(user)
        if sight.need_to_know or (sight.marked_field and facts.marked):
            if facts.record_id in sight.assigned:
                return Decision(True, ASSIGNED)
            if facts.record_id in sight.broken_into:
                return Decision(True, BROKEN_INTO)
            return Decision(False, NOT_ASSIGNED)
        if sight.everything:
            return Decision(True, SUPERUSER)
        profile = access_profile(user)
        if profile.in_mission(facts.mission_id) is None:
            return Decision(False, NOT_MEMBER)
        standing = sight.standings.get(facts.mission_id)
        if standing is None:
            return Decision(False, NO_VIEW)
        allowed = _FactTerms.verdict(self._shared(_FactTerms(facts), standing))
        orgs = standing.organisation_ids
        if facts.classification == Classification.PUBLIC:
            reason = PUBLIC
        elif facts.classification == Classification.STRICTLY_CONFIDENTIAL and not standing.strictly_confidential:
            reason = NEEDS_STRICT
        elif facts.classification not in standing.levels:
            reason = NOT_SHARED
        elif facts.owner_id in orgs:
            reason = OWNED
        else:
            released = frozenset(facts.released_to(orgs))
            return Decision(allowed, RELEASED if released else NOT_SHARED, released, standing)
        return Decision(allowed, reason, frozenset(), standing)

    # --- the analytics form --------------------------------------------------------------------------------

    def sight_summary(self, user, mission_id: int) -> dict:
        """What `user` reads of this type in a mission, as stored with an aggregate built from it (a forecast
        run): {"superuser", "organisations", "strictly"}."""
        sight = self.sight(user)
        standing = sight.standings.get(mission_id)
        return {"superuser": sight.everything,
                "organisations": sorted(standing.organisation_ids) if standing else [],
                "strictly": bool(standing and standing.strictly_confidential)}

    def covers(self, summary: dict, reader, mission_id: int) -> bool:
        """Whether `reader` reads every record the holder of `summary` read in the mission: what one reads
        grows with one's organisations and the strictly-confidential permission, so a superset of both
        suffices."""
        mine = self.sight_summary(reader, mission_id)
        if mine["superuser"]:
            return True
        if summary.get("superuser") or not mine["organisations"]:
            return False
        return (set(summary.get("organisations", [])) <= set(mine["organisations"])
                and (mine["strictly"] or not summary.get("strictly")))


class VersionReader:
    """One user's standing in one mission, for judging past versions of a record type's records (change-log
    snapshots): the rule applied to a version's classification, owner and releases as they were when the
    version was written, instead of to the record as it is now. Made by `VisibilityRule.reader`."""

    def __init__(self, *, rule: VisibilityRule, mission_id: int | None, everything: bool = False,
                 standing: Standing | None = None, need_to_know_ids: frozenset[str] | None = None,
                 marked_reader_ids: frozenset[str] | None = None):
        self.rule, self.mission_id, self.everything, self.standing = rule, mission_id, everything, standing
        self.need_to_know_ids = need_to_know_ids
        self.marked_reader_ids = marked_reader_ids  # row-level need-to-know: the rows the reader is assigned to

    @cached_property
    def marked_now(self) -> frozenset[str]:
        """Ids of the rows of the mission marked need-to-know now (one query, when a version is judged)."""
        rows = self.rule.model._base_manager.filter(**{self.rule.marked_field: True})
        if self.mission_id is not None:
            rows = rows.filter(mission_id=self.mission_id)
        return frozenset(str(pk) for pk in rows.values_list("pk", flat=True))

    @classmethod
    def of(cls, user, mission_id: int | None, model) -> "VersionReader":
        """The reader `user` is in the mission, for records of `model`."""
        return VisibilityRule(model).reader(user, mission_id)

    @property
    def superuser(self) -> bool:
        return self.everything

    @cached_property
    def organisation_codes(self) -> dict[str, int]:
        """Code -> id of the reader's organisations (snapshots name releases by code): one query, when a
        version's releases must be judged."""
        from .models import Organisation

        ids = list(self.standing.organisation_ids) if self.standing else []
        return dict(Organisation.objects.filter(pk__in=ids).values_list("code", "pk"))

    def may_read(self, version: dict | None, at: dt.datetime | None) -> bool:
        """Whether this reader could read the record as `version` records it, when it was written at `at`.

        `at` None counts every release the version lists, whatever its expiry: the reading for withdrawals
        (a partner feed may name a record that was released to the reader's organisation, so that the copy it
        received is dropped), never for showing a version's content.

        A version without `RELEASE_EXPIRY_KEY` (written before releases' expiries were kept) does not say
        whether its releases were still in force, so its releases count for nobody: it is shown only under the
        strictest reading (PUBLIC, or to the owner's members).

        A version of a row with need-to-know rows, marked in the version or marked now, is read only by those
        assigned to the row (or breaking glass), whatever else the version says."""
        if self.need_to_know_ids is not None:
            return bool(version) and str(version.get("id")) in self.need_to_know_ids
        if self.marked_reader_ids is not None and version:
            record_id = str(version.get("id", ""))
            if version.get(self.rule.marked_field) or record_id in self.marked_now:
                return record_id in self.marked_reader_ids
        if self.everything:
            return True
        if not version or self.standing is None:
            return False
        facts = RecordFacts(mission_id=self.mission_id, classification=version.get("classification"),
                            owner_id=version.get("owner_id"), record_id=str(version.get("id", "")),
                            released_of=lambda orgs: self._released(version, at, orgs))
        return _FactTerms.verdict(self.rule._shared(_FactTerms(facts), self.standing))

    def _released(self, version: dict, at, organisation_ids) -> set[int]:
        """The reader's organisations the version is released to by a release in force at `at`."""
        listed = set(version.get("releasable_to") or ())
        codes = {code: pk for code, pk in self.organisation_codes.items() if pk in organisation_ids and code in listed}
        if not codes or at is None:
            return set(codes.values())
        expiry = version.get(RELEASE_EXPIRY_KEY)
        if not isinstance(expiry, dict):
            return set()
        return {pk for code, pk in codes.items() if _in_force(expiry.get(code), at)}


def _in_force(expires_at: str | None, at: dt.datetime) -> bool:
    """Whether a release ending at `expires_at` (ISO text; None: never) was in force at `at`."""
    if expires_at is None:
        return True
    try:
        end = dt.datetime.fromisoformat(expires_at)
    except (TypeError, ValueError):
        return False  # unreadable: judged as ended
    if end.tzinfo is None:
        end = end.replace(tzinfo=dt.UTC)
    return end > at

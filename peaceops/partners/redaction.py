"""Field-level redaction: who reads a record redacted, for every releasable record type.

The rule, stated once (`Reader.withheld`): members of the owning organisation, holders of
`partners.read_whole` in its mission (by default mission administrators) and superusers read a record whole.
Everyone else reads it redacted: without the fields its record type withholds from partners (the
`withheld` of its `core.kit.releasable.ReleasableType`; for incidents, sources' references, witnesses and
victims' names: `incidents.redaction`), unless the record type has release scopes and the record's
`ReleaseScope` for one of the reader's organisations in its mission includes them.

A `Reader` is a user (`Reader.of_user`) or an organisation as a partner sees its share
(`Reader.of_organisation`). What a redacted record looks like is the record type's business
(`ReleasableType.redacted`, `incidents.redaction`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from peaceops.core.access import access_profile
from peaceops.core.kit.releasable import releasable_for
from peaceops.core.permissions import Permission


@dataclass(frozen=True)
class Reader:
    """Whose eyes a record is shown to: organisations by mission, and missions read whole."""

    everything: bool = False
    organisations: dict[int, frozenset[int]] = field(default_factory=dict)
    whole_missions: frozenset[int] = frozenset()

    @classmethod
    def of_user(cls, user) -> "Reader":
        profile = access_profile(user)
        return cls(
            everything=profile.superuser,
            organisations={m: a.organisation_ids for m, a in profile.missions.items()},
            whole_missions=frozenset(m for m, a in profile.missions.items() if a.has(Permission.PARTNERS_READ_WHOLE)),
        )

    @classmethod
    def of_organisation(cls, organisation, mission) -> "Reader":
        return cls(organisations={mission.pk: frozenset({organisation.pk})})

    def withheld(self, incidents: Iterable[tuple], *, scoped: bool = True) -> set:
        """The ids, among records given as (id, mission id, owner id), that this reader reads redacted.

        `scoped`: the records are of a type with release scopes (incidents), which may release the withheld
        fields to the reader's organisations: one query (the release scopes of the candidates), whatever the
        number of records. Without (`scoped=False`), no query.
        """
        if self.everything:
            return set()
        candidates = {
            pk: mission_id for pk, mission_id, owner_id in incidents
            if mission_id not in self.whole_missions and owner_id not in self.organisations.get(mission_id, ())
        }
        if not candidates or not scoped:
            return set(candidates)
        from .models import ReleaseScope

        all_orgs = set().union(*self.organisations.values()) if self.organisations else set()
        scoped = ReleaseScope.objects.filter(
            incident_id__in=list(candidates), organisation_id__in=all_orgs, include_sources=True
        ).values_list("incident_id", "organisation_id")
        released = {pk for pk, org in scoped if org in self.organisations.get(candidates[pk], ())}
        return set(candidates) - released

    def reads_whole(self) -> Q:
        """The same rule as `withheld`, as a condition on incidents: those this reader reads whole."""
        if self.everything:
            return Q()
        from .models import ReleaseScope

        condition = Q(mission_id__in=list(self.whole_missions))
        for mission_id, orgs in self.organisations.items():
            released = ReleaseScope.objects.filter(incident_id=OuterRef("pk"), organisation_id__in=list(orgs),
                                                   include_sources=True)
            condition |= Q(mission_id=mission_id) & (Q(owner_id__in=list(orgs)) | Exists(released))
        return condition

    def withholds(self, record, *, scoped: bool = True) -> bool:
        """Whether this reader reads this one record (a model instance) redacted."""
        return bool(self.withheld([(record.pk, record.mission_id, record.owner_id)], scoped=scoped))


def reads_redacted(user, record) -> bool:
    """Whether `user` reads `record` (a model instance of any record type) redacted: the rule by which the kit
    withholds a record's attachments (`core.kit.attachments.install_reader_rule`, from `PartnersConfig.ready`).
    Release scopes count for the record types that have them (incidents)."""
    kind = releasable_for(type(record))
    return Reader.of_user(user).withholds(record, scoped=bool(kind and kind.release_scopes))

"""Field-level redaction: what of an incident a reader who does not own it receives.

The rule, stated once (`Reader.withheld`): members of the owning organisation, holders of
`partners.read_whole` in its mission (by default mission administrators) and superusers read an incident whole. Everyone else reads it with
- the references of its sources blanked (type and Admiralty grading stay: how far to trust it, not who said it);
- its witnesses left out;
- its victims' names replaced by "withheld" (their type and role stay);
unless the incident's `ReleaseScope` for one of the reader's organisations in its mission includes sources.

A `Reader` is a user (`Reader.of_user`) or an organisation as a partner sees its share
(`Reader.of_organisation`). The functions below apply the rule to each shape an incident is read in: the API
detail dict (`redact_detail`, also the feed's records), an export record (`redact_record`), a change-log
snapshot (`redact_snapshot`) and the detail page (`redact_page`). Every read path that shows sources or actors
calls one of them.
"""

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, Q

from peaceops.core.access import access_profile
from peaceops.core.permissions import Permission
from peaceops.incidents.choices import ActorRole

#: What a redacted incident says in place of a victim's name.
WITHHELD = "withheld"
#: The names of what redaction withholds, as the API's `withheld` list gives them.
WITHHELD_FIELDS = ["source_references", "witnesses", "victim_names"]
#: Actor roles whose names a redacted reader does not receive.
PROTECTED_ROLES = (ActorRole.WITNESS, ActorRole.VICTIM)


@dataclass(frozen=True)
class Reader:
    """Whose eyes an incident is shown to: organisations by mission, and missions read whole."""

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

    def withheld(self, incidents: Iterable[tuple]) -> set:
        """The ids, among `incidents` given as (id, mission id, owner id), that this reader reads redacted.

        One query (the release scopes of the candidates), whatever the number of incidents.
        """
        if self.everything:
            return set()
        candidates = {
            pk: mission_id for pk, mission_id, owner_id in incidents
            if mission_id not in self.whole_missions and owner_id not in self.organisations.get(mission_id, ())
        }
        if not candidates:
            return set()
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

    def withholds(self, incident) -> bool:
        """Whether this reader reads this one incident (a model instance) redacted."""
        return bool(self.withheld([(incident.pk, incident.mission_id, incident.owner_id)]))


def _actor_kept(role: str) -> bool:
    return role != ActorRole.WITNESS


def redact_detail(detail: dict) -> dict:
    """An API detail dict (`incidents.schemas.detail_of`) as a redacted reader receives it."""
    out = dict(detail)
    out["sources"] = [{**s, "reference": ""} for s in detail["sources"]]
    out["actors"] = [
        {**a, "name": WITHHELD} if a["role"] == ActorRole.VICTIM else a
        for a in detail["actors"] if _actor_kept(a["role"])
    ]
    out["withheld"] = list(WITHHELD_FIELDS)
    return out


def redact_record(record):
    """An export record (`interop.exporters.records.IncidentRecord`) as a redacted reader receives it."""
    return replace(
        record,
        sources=[s._replace(reference="") for s in record.sources],
        actors=[a._replace(name=WITHHELD) if a.role == ActorRole.VICTIM else a
                for a in record.actors if _actor_kept(a.role)],
    )


def redact_snapshot(snapshot: dict | None) -> dict | None:
    """A change-log snapshot of an incident (`incidents.services.incident_snapshot`), redacted."""
    if not snapshot:
        return snapshot
    out = dict(snapshot)
    if "sources" in out:
        out["sources"] = [{**s, "reference": ""} for s in out["sources"] or []]
    if "actors" in out:
        out["actors"] = [[WITHHELD, role] if role == ActorRole.VICTIM else [name, role]
                         for name, role in out["actors"] or [] if _actor_kept(role)]
    return out


def redact_page(sources: list, actor_links: list) -> tuple[list, list]:
    """The sources and actor links the detail page lists, redacted (unsaved copies; the records stay whole)."""
    shown_sources = []
    for source in sources:
        source = copy.copy(source)
        source.reference = ""
        shown_sources.append(source)
    shown_links = []
    for link in actor_links:
        if not _actor_kept(link.role):
            continue
        if link.role == ActorRole.VICTIM:
            link = copy.copy(link)
            link.actor = copy.copy(link.actor)
            link.actor.name = WITHHELD
        shown_links.append(link)
    return shown_sources, shown_links

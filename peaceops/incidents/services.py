"""The one door for changing incidents: `IncidentService`, the kit's record service (`core.kit.services`) with
the incidents' rules, children and snapshot; and, as thin wrappers callers know, `create_incident`,
`update_incident`, `delete_incident` and `import_batch`.

Every write checks the acting user's permission (`incidents.incident.add`; `.change_own_org`/`.change_any`,
`.delete_own_org`/`.delete_any`, owner-scoped), validates the data by the incidents' one rule set
(`rules.IncidentRules`, which the import batch checks too), enriches it (admin areas, H3 cell: geo's `place`,
which the import batch calls too), writes the record and its change-log entry in one transaction, and publishes
the live event on commit. A single create is a batch of one through the kit's `create_many` (ORM rows);
`import_batch` takes many rows through the fast batch writer (`batch.write_batch`: bulk rows, PostgreSQL COPY).
What still differs between the two is listed in docs/developers/architecture.md ("One door for mutations").
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from peaceops.core.access import access_profile
from peaceops.core.changelog import snapshot
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.mixins import locate
from peaceops.core.kit.services import RecordService
from peaceops.core.models import Organisation
from peaceops.core.services import PermissionDenied

from .batch import BatchResult, write_batch
from .batch_children import stored_children
from .batch_sql import to_database
from .inputs import ActorData, CasualtyData, IncidentData, SourceData
from .models import Actor, Casualty, Category, Incident, IncidentActor, IncidentRelease, Source
from .rules import IncidentRules

#: What an update may name: the fields of IncidentData.
FIELDS = tuple(IncidentData.__dataclass_fields__)


def default_owner(user, mission) -> Organisation:
    """The organisation a user reports for in a mission (their first membership's organisation)."""
    orgs = sorted(access_profile(user).organisations_for(mission.pk))
    if not orgs:
        raise PermissionDenied(f"{user} has no organisation in mission {mission.code}")
    return Organisation.objects.get(pk=orgs[0])


def incident_snapshot(incident: Incident) -> dict:
    """The incident's fields and children as JSON, as the change log stores them; with, under
    `RELEASE_EXPIRY_KEY`, when each release that has an expiry ends (so a version can be judged as it was:
    `core.records.VersionReader`). The children part is made by the code the import batch makes its snapshots
    with (`batch_children.Children.add_json`), from the stored rows."""
    children = {}
    incident_id = to_database(Incident, "id")(incident.pk)
    stored_children([incident_id])[incident_id].add_json(children)
    return snapshot(incident, children)


def incident_to_data(incident: Incident) -> IncidentData:
    """The IncidentData that would recreate this incident (the base for partial updates)."""
    return IncidentData(
        title=incident.title, description=incident.description,
        occurred_start=incident.occurred_start, occurred_end=incident.occurred_end,
        time_precision=incident.time_precision, reported_at=incident.reported_at,
        lon=incident.lon, lat=incident.lat, location_precision=incident.location_precision,
        location_name=incident.location_name,
        category_path=incident.category.path if incident.category_id else "",
        status=incident.status, classification=incident.classification,
        releasable_to=sorted(o.code for o in incident.releasable_to.all()),
        casualties=[
            CasualtyData(group=c.group, killed_low=c.killed_low, killed_best=c.killed_best,
                         killed_high=c.killed_high, injured_low=c.injured_low, injured_best=c.injured_best,
                         injured_high=c.injured_high)
            for c in incident.casualties.all()
        ],
        actors=[
            ActorData(name=link.actor.name, role=link.role, type=link.actor.type,
                      ucdp_actor_id=link.actor.ucdp_actor_id)
            for link in incident.actor_links.select_related("actor")
        ],
        sources=[
            SourceData(type=s.type, reference=s.reference, reliability=s.reliability,
                       credibility=s.credibility, reported_at=s.reported_at)
            for s in incident.sources.order_by("pk")
        ],
        fatalities_low=incident.fatalities_low, fatalities_best=incident.fatalities_best,
        fatalities_high=incident.fatalities_high,
        ucdp_id=incident.ucdp_id, acled_id=incident.acled_id, external_id=incident.external_id,
        data_repairs=incident.data_repairs or "",
    )


@dataclass
class Checked:
    """One incident's data once `IncidentRules.check` passed it: the data, its category and the organisations
    it is released to (what the kit's service calls validated data)."""

    data: IncidentData
    category: Category | None
    release: list[Organisation]


class IncidentService(RecordService):
    """Create, update and delete incidents: the kit's steps (permission, validation, enrichment, write, snapshot
    diff, change log and ledger, `releases_edited` and `records_created`), with what incidents have of their own:
    `IncidentData` as the data, their rule set, their children (casualties, links to the mission's shared actors,
    sources), their snapshot (`incident_snapshot`) and owner-scoped change and delete permissions."""

    model = Incident
    fields = FIELDS
    children = ("casualties", "actors", "sources")

    def __init__(self):
        self._rules: dict[int, IncidentRules] = {}

    # --- permission and owner --------------------------------------------------------------------------
    def refusal(self, user, action: str, mission=None, owner=None, record=None) -> str:
        if owner is not None:
            return f"{user} may not report on behalf of {owner.code}"
        if record is not None:
            verb = "edit" if action == "change" else action
            return f"{user} may not {verb} incidents of {record.owner.code}"
        return f"{user} may not report incidents in mission {mission.code}"

    def owner_for(self, user, mission, owner) -> Organisation:
        """`owner`, which must be one of the user's organisations in the mission (unless a superuser), or the
        user's first organisation there (none: PermissionDenied)."""
        owner = owner or default_owner(user, mission)
        profile = access_profile(user)
        if not profile.superuser and owner.pk not in profile.organisations_for(mission.pk):
            raise PermissionDenied(self.refusal(user, "add", mission=mission, owner=owner))
        return owner

    # --- the data ----------------------------------------------------------------------------------------
    def rules(self, mission, organisations: dict | None = None) -> IncidentRules:
        if mission.pk not in self._rules:
            self._rules[mission.pk] = IncidentRules(mission, organisations)
        return self._rules[mission.pk]

    def validate(self, data: IncidentData, mission, organisations: dict) -> Checked:
        return Checked(data, *self.rules(mission, organisations).check(data))

    def to_data(self, record: Incident) -> IncidentData:
        return incident_to_data(record)

    def with_changes(self, stored: IncidentData, changes: dict) -> IncidentData:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise FieldError(sorted(unknown)[0], "is not an incident field")
        return replace(stored, **changes)

    def source_id_of(self, data: Checked) -> None:
        """None: a single create never matches a stored incident (an external id already taken by the owner is
        a conflict, refused by the database's unique constraint); imports match in `batch.write_batch`."""
        return None

    def released_codes(self, data: Checked) -> list[str]:
        return list(data.data.releasable_to)

    def snapshot(self, record: Incident) -> dict:
        return incident_snapshot(record)

    # --- building and writing ----------------------------------------------------------------------------
    def apply(self, records: list[Incident], datas: list[Checked]) -> None:
        for incident, checked in zip(records, datas, strict=True):
            _apply(incident, checked)
        enrich(records)

    def write_related(self, record: Incident, data: Checked, organisations: dict, user, *,
                      replace: bool = True) -> None:
        _write_children([(record, data)], replace_existing=replace)

    # --- many at once: the import ------------------------------------------------------------------------
    def import_rows(self, rows: list[IncidentData], *, acting_user, mission, owner: Organisation,
                    reason: str = "import", system: bool = False) -> BatchResult:
        """See `import_batch`."""
        if system:
            if acting_user is not None:
                raise ValueError("a system import has no acting user")
            return write_batch(rows, acting_user=None, mission=mission, owner=owner, reason=reason,
                               may_edit=lambda owner_id: owner_id == owner.pk)
        self.require(acting_user, mission.pk, "add", mission=mission)
        profile = access_profile(acting_user)
        if not profile.superuser and owner.pk not in profile.organisations_for(mission.pk):
            raise PermissionDenied(f"{acting_user} may not import on behalf of {owner.code}")
        return write_batch(rows, acting_user=acting_user, mission=mission, owner=owner, reason=reason,
                           may_edit=lambda owner_id: self.may(acting_user, mission.pk, "change", owner_id))


def _apply(incident: Incident, checked: Checked) -> None:
    """Copy checked data onto the incident's own fields (not children, not enrichment)."""
    data = checked.data
    incident.title = data.title.strip()
    incident.description = data.description
    incident.occurred_start = data.occurred_start.astimezone(dt.UTC)
    incident.occurred_end = (data.occurred_end or data.occurred_start).astimezone(dt.UTC)
    incident.time_precision = data.time_precision
    reported = data.reported_at or incident.reported_at or timezone.now()
    incident.reported_at = reported.astimezone(dt.UTC)
    incident.lon, incident.lat = float(data.lon), float(data.lat)
    incident.location_precision = data.location_precision
    incident.location_name = data.location_name
    incident.category = checked.category
    incident.status = data.status
    incident.classification = data.classification
    (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high,
     incident.injured_low, incident.injured_best, incident.injured_high) = data.totals()
    incident.ucdp_id = data.ucdp_id or None
    incident.acled_id = data.acled_id or None
    incident.external_id = data.external_id or None
    incident.data_repairs = data.data_repairs or None


def enrich(incidents: list[Incident]) -> None:
    """Derive admin areas (as far as the location precision allows) and the H3 cell, for many at once: the
    kit's `locate` (geo's `place`, as the import batch), as for every located record type."""
    locate(incidents)


def _actors_for(mission_id: int, actors: list[ActorData]) -> dict[str, Actor]:
    """The mission's Actor rows for these names, created when new."""
    names = {a.name.strip() for a in actors}
    found = {a.name: a for a in Actor.objects.filter(mission_id=mission_id, name__in=names)}
    new = []
    for a in actors:
        name = a.name.strip()
        if name not in found:
            found[name] = Actor(mission_id=mission_id, name=name, type=a.type, ucdp_actor_id=a.ucdp_actor_id)
            new.append(found[name])
    if new:
        Actor.objects.bulk_create(new, ignore_conflicts=True)
        found.update({a.name: a for a in Actor.objects.filter(mission_id=mission_id,
                                                                name__in=[n.name for n in new])})
    return found


def _write_children(pairs: list[tuple[Incident, Checked]], *, replace_existing: bool) -> None:
    """Write casualties, actor links, sources and releasability for many incidents (of one mission) at once."""
    if replace_existing:
        ids = [i.pk for i, _ in pairs]
        Casualty.objects.filter(incident_id__in=ids).delete()
        IncidentActor.objects.filter(incident_id__in=ids).delete()
        Source.objects.filter(incident_id__in=ids).delete()
    actors = _actors_for(pairs[0][0].mission_id, [a for _, c in pairs for a in c.data.actors]) if pairs else {}
    casualties, links, sources, released = [], [], [], []
    for incident, checked in pairs:
        data = checked.data
        casualties += [Casualty(incident=incident, **vars(c)) for c in data.casualties]
        seen = set()
        for a in data.actors:
            key = (a.name.strip(), a.role)
            if key not in seen:
                seen.add(key)
                links.append(IncidentActor(incident=incident, actor=actors[key[0]], role=a.role))
        sources += [Source(incident=incident, **vars(s)) for s in data.sources]
        wanted = {o.pk for o in checked.release}
        kept = set()
        if replace_existing:  # releases that stay keep their grant, expiry and group; the others go
            stored = IncidentRelease.objects.filter(incident_id=incident.pk)
            stored.exclude(organisation_id__in=wanted).delete()
            kept = set(stored.values_list("organisation_id", flat=True))
        released += [IncidentRelease(incident_id=incident.pk, organisation_id=o, granted_at=incident.updated_at,
                                     granted_by=incident.updated_by) for o in sorted(wanted - kept)]
    Casualty.objects.bulk_create(casualties)
    IncidentActor.objects.bulk_create(links)
    Source.objects.bulk_create(sources)
    IncidentRelease.objects.bulk_create(released)


# --- the names callers know (web, API, interop, demo, tests, bench) ------------------------------------------

def create_incident(*, acting_user, mission, data: IncidentData, owner: Organisation | None = None,
                    reason: str = "") -> Incident:
    """Record a new incident for the acting user's organisation (or `owner`, which must be theirs)."""
    return IncidentService().create(acting_user=acting_user, mission=mission, data=data, owner=owner, reason=reason)


def update_incident(incident: Incident, *, acting_user, changes: dict, reason: str = "") -> Incident:
    """Change some fields of an incident (names as in IncidentData); unchanged data writes nothing."""
    return IncidentService().update(incident, acting_user=acting_user, changes=changes, reason=reason)


def delete_incident(incident: Incident, *, acting_user, reason: str = "") -> None:
    """Delete an incident; its last state stays in the change log."""
    IncidentService().delete(incident, acting_user=acting_user, reason=reason)


def import_batch(rows: list[IncidentData], *, acting_user, mission, owner: Organisation,
                 reason: str = "import", system: bool = False) -> BatchResult:
    """Create or update many incidents in one transaction, idempotent by external id (UCDP, ACLED, file id).

    Rows that break a rule are returned as rejected with their reason; the others are written, with one
    change-log entry per created or changed incident (unchanged rows write nothing). A row whose external id
    matches an incident that another organisation owns is rejected, never overwritten.

    `system=True` is a system import (the command line's `--owner` without `--user`, the demo loader): no
    acting user, and only incidents of `owner` may be updated. Web and API paths never pass it.
    """
    return IncidentService().import_rows(rows, acting_user=acting_user, mission=mission, owner=owner,
                                         reason=reason, system=system)

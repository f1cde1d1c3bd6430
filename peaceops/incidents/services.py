"""The one door for changing incidents: `IncidentService`, the kit's record service (`core.kit.services`:
permission, owner, refusals) over the incidents' one write path (`batch.write_batch`, `batch.delete_batch`);
and, as thin wrappers callers know, `create_incident`, `update_incident`, `delete_incident` and
`import_batch`.

Every write checks the acting user's permission (`incidents.incident.add`; `.change_own_org`/`.change_any`,
`.delete_own_org`/`.delete_any`, owner-scoped), then goes through the write path: the incidents' one rule set
(`rules.IncidentRules`), enrichment (admin areas, H3 cell: geo's `place`), the comparison with what is stored
(an update that changes nothing writes nothing), the row writer, the change log and the ledger in one
transaction, and the live events on commit. A single write is a batch of one in the path's `SINGLE` mode; an
import is many rows in its `IMPORT` mode. What the modes choose is listed in `batch.Mode` and in
docs/developers/architecture.md ("One door for mutations").
"""

from dataclasses import replace

from django.db import transaction
from django.utils.translation import gettext_lazy

from peaceops.core.access import access_profile
from peaceops.core.changelog import snapshot
from peaceops.core.kit.attachments import remove_all
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService
from peaceops.core.models import Organisation
from peaceops.core.services import PermissionDenied

from . import batch
from .batch import SINGLE, BatchResult, delete_batch, stored_columns, write_batch
from .batch_children import stored_children
from .batch_sql import to_database
from .inputs import ActorData, CasualtyData, IncidentData, SourceData
from .models import Incident

#: What an update may name: the fields of IncidentData.
FIELDS = tuple(IncidentData.__dataclass_fields__)


def default_owner(user, mission) -> Organisation:
    """The organisation a user reports for in a mission (their first membership's organisation)."""
    orgs = sorted(access_profile(user).organisations_for(mission.pk))
    if not orgs:
        raise PermissionDenied(f"{user} has no organisation in mission {mission.code}",
                               gettext_lazy("You belong to no organisation in %(mission)s: ask its administrator."),
                               mission=mission.code)
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


class IncidentService(RecordService):
    """Create, update and delete incidents: the kit's permission checks and refusals (owner-scoped change and
    delete), with every write going through the incidents' one write path (`batch.write_batch`,
    `batch.delete_batch`): a single write is a batch of one in its `SINGLE` mode, an import many rows in its
    `IMPORT` mode. `IncidentData` is the data."""

    model = Incident
    fields = FIELDS
    children = ("casualties", "actors", "sources")

    # --- permission and owner --------------------------------------------------------------------------
    def refusal(self, user, action: str, mission=None, owner=None, record=None) -> PermissionDenied:
        if owner is not None:
            return PermissionDenied(f"{user} may not report on behalf of {owner.code}",
                                    gettext_lazy("You may not report on behalf of %(organisation)s."),
                                    organisation=owner.code)
        if record is not None:
            verb = "edit" if action == "change" else action
            said = (gettext_lazy("You may not delete incidents of %(organisation)s in this mission.")
                    if action == "delete" else
                    gettext_lazy("You may not change incidents of %(organisation)s in this mission."))
            return PermissionDenied(f"{user} may not {verb} incidents of {record.owner.code}", said,
                                    organisation=record.owner.code)
        return PermissionDenied(f"{user} may not report incidents in mission {mission.code}",
                                gettext_lazy("You may not report incidents in %(mission)s."), mission=mission.code)

    def owner_for(self, user, mission, owner) -> Organisation:
        """`owner`, which must be one of the user's organisations in the mission (unless a superuser), or the
        user's first organisation there (none: PermissionDenied)."""
        owner = owner or default_owner(user, mission)
        profile = access_profile(user)
        if not profile.superuser and owner.pk not in profile.organisations_for(mission.pk):
            raise self.refusal(user, "add", mission=mission, owner=owner)
        return owner

    # --- the data ----------------------------------------------------------------------------------------
    def to_data(self, record: Incident) -> IncidentData:
        return incident_to_data(record)

    def with_changes(self, stored: IncidentData, changes: dict) -> IncidentData:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise FieldError(sorted(unknown)[0], gettext_lazy("is not an incident field"))
        return replace(stored, **changes)

    def snapshot(self, record: Incident) -> dict:
        return incident_snapshot(record)

    # --- the writes: all through the write path -----------------------------------------------------------
    def create(self, *, acting_user, mission, data: IncidentData, owner: Organisation | None = None,
               reason: str = "") -> Incident:
        """Create one incident (a batch of one); returns it. Bad data raises `FieldError`."""
        result = self.create_many([data], acting_user=acting_user, mission=mission, owner=owner, reason=reason)
        return Incident.objects.get(pk=result.written[0])

    def create_many(self, rows: list[IncidentData], *, acting_user, mission, owner: Organisation | None = None,
                    reason: str = "", upsert: bool = False, system: bool = False) -> BatchResult:
        """Create incidents in one transaction, each a new one, the first bad row raising its `FieldError`
        (`SINGLE` mode); `upsert`: the import (`import_rows`)."""
        if upsert:
            return self.import_rows(rows, acting_user=acting_user, mission=mission, owner=owner,
                                    reason=reason or "import", system=system)
        if not system:
            self.require(acting_user, mission.pk, "add", mission=mission)
        owner = self.owner_for(acting_user, mission, owner)
        return write_batch(rows, acting_user=acting_user, mission=mission, owner=owner, reason=reason, mode=SINGLE)

    def update(self, incident: Incident, *, acting_user, changes: dict, reason: str = "") -> Incident:
        """Change some fields of an incident (names as in IncidentData); unchanged data writes nothing.
        Returns the incident as stored afterwards."""
        self.require(acting_user, incident.mission_id, "change", incident.owner_id, record=incident)
        with transaction.atomic():
            locked = (Incident.objects.select_for_update(of=("self",)).select_related("mission", "owner", "category")
                      .get(pk=incident.pk))
            data = self.with_changes(incident_to_data(locked), changes)
            write_batch([data], acting_user=acting_user, mission=locked.mission, owner=locked.owner, reason=reason,
                        mode=SINGLE, targets=[stored_columns(locked)])
        return Incident.objects.get(pk=locked.pk)

    def delete(self, incident: Incident, *, acting_user, reason: str = "") -> None:
        """Delete an incident and its photos; its last state stays in the change log."""
        self.require(acting_user, incident.mission_id, "delete", incident.owner_id, record=incident)
        with transaction.atomic():  # its photos go with it, each removal logged
            remove_all(incident, acting_user=acting_user, reason=reason)
            delete_batch([incident.pk], acting_user=acting_user, mission_id=incident.mission_id, reason=reason,
                         mode=SINGLE)

    # --- many at once: the import ------------------------------------------------------------------------
    def import_rows(self, rows: list[IncidentData], *, acting_user, mission, owner: Organisation,
                    reason: str = "import", system: bool = False) -> BatchResult:
        """See `import_batch`."""
        if system:
            if acting_user is not None:
                raise ValueError("a system import has no acting user")
            return write_batch(rows, acting_user=None, mission=mission, owner=owner, reason=reason,
                               mode=batch.IMPORT, may_edit=lambda owner_id: owner_id == owner.pk)
        self.require(acting_user, mission.pk, "add", mission=mission)
        profile = access_profile(acting_user)
        if not profile.superuser and owner.pk not in profile.organisations_for(mission.pk):
            raise PermissionDenied(f"{acting_user} may not import on behalf of {owner.code}")
        return write_batch(rows, acting_user=acting_user, mission=mission, owner=owner, reason=reason,
                           mode=batch.IMPORT,
                           may_edit=lambda owner_id: self.may(acting_user, mission.pk, "change", owner_id))


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

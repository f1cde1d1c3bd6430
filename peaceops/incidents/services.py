"""The one door for changing incidents: create, update, delete and batch import.

Each function checks the acting user's permission, validates the data, enriches it (admin areas, H3 cell),
writes the record and its change-log entry in one transaction, and publishes the live event on commit.
"""

import datetime as dt
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.hooks import records_created, releases_edited
from peaceops.core.kit.mixins import locate
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.core.records import RELEASE_EXPIRY_KEY
from peaceops.core.services import PermissionDenied

from .batch import BatchResult, write_batch
from .inputs import ActorData, CasualtyData, IncidentData, IncidentDataError, SourceData
from .models import Actor, Casualty, Incident, IncidentActor, IncidentRelease, Source
from .taxonomy import CategoryResolver

#: Fields a change-log comparison ignores (bookkeeping, not content).
_BOOKKEEPING = {"created_at", "updated_at", "created_by_id", "updated_by_id"}


def default_owner(user, mission) -> Organisation:
    """The organisation a user reports for in a mission (their first membership's organisation)."""
    orgs = sorted(access_profile(user).organisations_for(mission.pk))
    if not orgs:
        raise PermissionDenied(f"{user} has no organisation in mission {mission.code}")
    return Organisation.objects.get(pk=orgs[0])


def incident_snapshot(incident: Incident) -> dict:
    """The incident's fields and children as JSON, as the change log stores them; with, under
    `RELEASE_EXPIRY_KEY`, when each release that has an expiry ends (so a version can be judged as it was:
    `core.records.VersionReader`)."""
    releases = sorted(IncidentRelease.objects.filter(incident=incident).values_list("organisation__code",
                                                                                     "expires_at"))
    return snapshot(
        incident,
        {
            "releasable_to": [code for code, _ in releases],
            RELEASE_EXPIRY_KEY: {code: ends.isoformat() for code, ends in releases if ends is not None},
            "casualties": [
                {k: getattr(c, k) for k in ("group", "killed_low", "killed_best", "killed_high",
                                             "injured_low", "injured_best", "injured_high")}
                for c in sorted(incident.casualties.all(), key=lambda c: c.group)
            ],
            "actors": sorted([link.actor.name, link.role] for link in incident.actor_links.select_related("actor")),
            "sources": [
                {"type": s.type, "reference": s.reference, "reliability": s.reliability,
                 "credibility": s.credibility}
                for s in incident.sources.order_by("pk")
            ],
        },
    )


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


class _Context:
    """What applying data to incidents needs from the mission: categories and organisations, loaded once."""

    def __init__(self, mission):
        self.mission = mission
        self.categories = CategoryResolver(mission)
        self.organisations = {o.code: o for o in participants(mission)}

    def category(self, data: IncidentData):
        if not data.category_path:
            return None
        category = self.categories.lookup(data.category_path)
        if category is None:
            raise IncidentDataError("category", f"unknown category {data.category_path!r} in {self.mission.code}")
        return category

    def releasable(self, data: IncidentData) -> list[Organisation]:
        orgs = []
        for code in data.releasable_to:
            org = self.organisations.get(code)
            if org is None:
                raise IncidentDataError("releasable_to", f"unknown organisation {code!r} (or it does not take "
                                                         f"part in {self.mission.code})")
            orgs.append(org)
        return orgs


def _apply(incident: Incident, data: IncidentData, ctx: _Context) -> None:
    """Copy validated data onto the incident's own fields (not children, not enrichment)."""
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
    incident.category = ctx.category(data)
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
    kit's `locate`, as for every located record type."""
    locate(incidents)


def _actors_for(mission, actors: list[ActorData]) -> dict[str, Actor]:
    """The mission's Actor rows for these names, created when new."""
    names = {a.name.strip() for a in actors}
    found = {a.name: a for a in Actor.objects.filter(mission=mission, name__in=names)}
    new = []
    for a in actors:
        name = a.name.strip()
        if name not in found:
            found[name] = Actor(mission=mission, name=name, type=a.type, ucdp_actor_id=a.ucdp_actor_id)
            new.append(found[name])
    if new:
        Actor.objects.bulk_create(new, ignore_conflicts=True)
        found.update({a.name: a for a in Actor.objects.filter(mission=mission, name__in=[n.name for n in new])})
    return found


def _write_children(pairs: list[tuple[Incident, IncidentData]], ctx: _Context, *, replace_existing: bool) -> None:
    """Write casualties, actor links, sources and releasability for many incidents at once."""
    if replace_existing:
        ids = [i.pk for i, _ in pairs]
        Casualty.objects.filter(incident_id__in=ids).delete()
        IncidentActor.objects.filter(incident_id__in=ids).delete()
        Source.objects.filter(incident_id__in=ids).delete()
    actors = _actors_for(ctx.mission, [a for _, d in pairs for a in d.actors])
    casualties, links, sources, released = [], [], [], []
    for incident, data in pairs:
        casualties += [Casualty(incident=incident, **vars(c)) for c in data.casualties]
        seen = set()
        for a in data.actors:
            key = (a.name.strip(), a.role)
            if key not in seen:
                seen.add(key)
                links.append(IncidentActor(incident=incident, actor=actors[key[0]], role=a.role))
        sources += [Source(incident=incident, **vars(s)) for s in data.sources]
        wanted = {o.pk for o in ctx.releasable(data)}
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


def _require_report(user, mission) -> None:
    if not access_profile(user).can_report(mission.pk):
        raise PermissionDenied(f"{user} may not report incidents in mission {mission.code}")


def create_incident(*, acting_user, mission, data: IncidentData, owner: Organisation | None = None,
                    reason: str = "") -> Incident:
    """Record a new incident for the acting user's organisation (or `owner`, which must be theirs)."""
    _require_report(acting_user, mission)
    owner = owner or default_owner(acting_user, mission)
    profile = access_profile(acting_user)
    if not profile.superuser and owner.pk not in profile.organisations_for(mission.pk):
        raise PermissionDenied(f"{acting_user} may not report on behalf of {owner.code}")
    data.validate()
    ctx = _Context(mission)
    ctx.releasable(data)
    now = timezone.now()
    incident = Incident(mission=mission, owner=owner, created_at=now, updated_at=now,
                        created_by=_user_or_none(acting_user), updated_by=_user_or_none(acting_user))
    _apply(incident, data, ctx)
    enrich([incident])
    with transaction.atomic():
        incident.save(force_insert=True)
        _write_children([(incident, data)], ctx, replace_existing=False)
        releases_edited.send(sender=Incident, edits=[(incident, [], list(data.releasable_to))],
                             acting_user=acting_user, reason=reason, organisations=ctx.organisations)
        records_created.send(sender=Incident, records=[incident], acting_user=acting_user)  # agreements release it
        log_change(action=ChangeAction.CREATE, obj=incident, acting_user=acting_user, before=None,
                   after=incident_snapshot(incident), reason=reason)
    return incident


def update_incident(incident: Incident, *, acting_user, changes: dict, reason: str = "") -> Incident:
    """Change some fields of an incident (names as in IncidentData); unchanged data writes nothing."""
    if not access_profile(acting_user).can_edit(incident.mission_id, incident.owner_id):
        raise PermissionDenied(f"{acting_user} may not edit incidents of {incident.owner.code}")
    unknown = set(changes) - set(IncidentData.__dataclass_fields__)
    if unknown:
        raise IncidentDataError(sorted(unknown)[0], "is not an incident field")
    data = replace(incident_to_data(incident), **changes)
    data.validate()
    ctx = _Context(incident.mission)
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        before = incident_snapshot(locked)
        _apply(locked, data, ctx)
        enrich([locked])
        locked.updated_at = timezone.now()
        locked.updated_by = _user_or_none(acting_user)
        locked.save()
        _write_children([(locked, data)], ctx, replace_existing=True)
        after = incident_snapshot(locked)
        if _content(before) == _content(after):
            transaction.set_rollback(True)
            return incident
        log_change(action=ChangeAction.UPDATE, obj=locked, acting_user=acting_user, before=before,
                   after=after, reason=reason)
        releases_edited.send(sender=Incident, edits=[(locked, before["releasable_to"], after["releasable_to"])],
                             acting_user=acting_user, reason=reason, organisations=ctx.organisations)
    return locked


def delete_incident(incident: Incident, *, acting_user, reason: str = "") -> None:
    """Delete an incident; its last state stays in the change log."""
    if not access_profile(acting_user).can_delete(incident.mission_id, incident.owner_id):
        raise PermissionDenied(f"{acting_user} may not delete incidents of {incident.owner.code}")
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        log_change(action=ChangeAction.DELETE, obj=locked, acting_user=acting_user,
                   before=incident_snapshot(locked), after=None, reason=reason)
        locked.delete()


def _content(snap: dict) -> dict:
    return {k: v for k, v in snap.items() if k not in _BOOKKEEPING}


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def import_batch(rows: list[IncidentData], *, acting_user, mission, owner: Organisation,
                 reason: str = "import", system: bool = False) -> BatchResult:
    """Create or update many incidents in one transaction, idempotent by external id (UCDP, ACLED, file id).

    Rows that break a rule are returned as rejected with their reason; the others are written, with one
    change-log entry per created or changed incident (unchanged rows write nothing). A row whose external id
    matches an incident that another organisation owns is rejected, never overwritten.

    `system=True` is a system import (the command line's `--owner` without `--user`, the demo loader): no
    acting user, and only incidents of `owner` may be updated. Web and API paths never pass it.
    """
    if system:
        if acting_user is not None:
            raise ValueError("a system import has no acting user")
        return write_batch(rows, acting_user=None, mission=mission, owner=owner, reason=reason,
                           may_edit=lambda owner_id: owner_id == owner.pk)
    _require_report(acting_user, mission)
    profile = access_profile(acting_user)
    if not profile.superuser and owner.pk not in profile.organisations_for(mission.pk):
        raise PermissionDenied(f"{acting_user} may not import on behalf of {owner.code}")
    return write_batch(rows, acting_user=acting_user, mission=mission, owner=owner, reason=reason,
                       may_edit=lambda owner_id: profile.can_edit(mission.pk, owner_id))

"""The one door for sharing: releasing records, withdrawing and expiring releases, named groups and sharing
agreements. Every function checks permission, writes the change log in the same transaction, and reports each
release change to `record_sharing_changes` (one change per record x organisation).

Releases work for every releasable record type (`core.kit.releasable`: incidents, sites): its release rows
(the `through` model of its `releasable_to`) and its change snapshot come from its registration.

Who may do what:
- release / withdraw a record: whoever may change it (`<app>.<model>.change_own_org` for their organisations'
  records, `.change_any` for any: for incidents `AccessProfile.can_edit`), on a record they can see;
- groups and agreements: whoever holds mission.administer in the mission (or a superuser).
Only organisations taking part in the mission (`core.Participation`) are released to, grouped, or named in an
agreement; others are refused with the field named.
Releasing to a group resolves the group to its members at that moment; each release remembers the group's
name. Changing a group later does not change releases already made.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.releasable import ReleasableType, releasable_for, releasable_types
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.core.permissions import Permission
from peaceops.core.services import PermissionDenied, refuse

from .agreements import DefaultRelease
from .choices import RecordType, SharingAction
from .models import RELEASABLE_LEVELS, OrganisationGroup, SharingAgreement


class SharingError(FieldError):
    """Sharing input that breaks a rule; `field` names the offending field (the API answers 422)."""


@dataclass(frozen=True)
class SharingChange:
    """One change to one release: a record released to, withdrawn from, or expired for one organisation."""

    action: SharingAction
    record_type: str
    record_id: str
    mission_id: int
    organisation_id: int
    organisation_code: str
    expires_at: dt.datetime | None
    via: str
    acting_user: object
    reason: str
    time: dt.datetime


def record_sharing_change(change: SharingChange) -> None:
    """Report one sharing change (see `record_sharing_changes`)."""
    record_sharing_changes([change])


def record_sharing_changes(changes: list[SharingChange]) -> None:
    """Called for every sharing change (record x organisation), inside the transaction that makes it:
    releases and withdrawals here, expiries, agreements' default releases, and edits of the releasability list
    through the incident form, the API and imports (`report_list_change`). A caller making many at once (an
    import batch) passes them together, in order.

    This is the single place where other parts hook in: the tamper-evident ledger records each one (one ledger
    entry per change, appended together)."""
    from peaceops.ledger.services import record_sharing_changes as record_in_ledger

    if changes:
        record_in_ledger(changes)


# --- releases -----------------------------------------------------------------------------------------------

def release_model(model):
    """The model of the release rows of a record type (the `through` model of its `releasable_to`), whose foreign
    key to the record is named after the record's model (`incident`, `site`)."""
    return model._meta.get_field("releasable_to").remote_field.through


def _kind(record) -> ReleasableType:
    kind = releasable_for(type(record))
    if kind is None:
        raise SharingError("record", f"{record._meta.verbose_name_plural} are not a releasable record type")
    return kind


def _releases_of(record):
    """The release rows of `record` (a queryset)."""
    return release_model(type(record)).objects.filter(**{record._meta.model_name: record})


def _via_value(release, via: str):
    """How a release row stores "through no group": NULL where its column allows it (incidents), else ""."""
    return via or (None if release._meta.get_field("via_group").null else "")


def _require_release(user, record) -> None:
    if not access_profile(user).may(record._meta.label_lower, "change", record.mission_id, record.owner_id):
        raise PermissionDenied(f"{user} may not change the releases of {record._meta.verbose_name_plural} of "
                               f"{record.owner.code}",
                               gettext_lazy("You may not change whom %(records)s of %(organisation)s are released to."),
                               records=record._meta.verbose_name_plural, organisation=record.owner.code)


def _expiry(expires_at, now) -> dt.datetime | None:
    if expires_at is None:
        return None
    if timezone.is_naive(expires_at):
        raise SharingError("expires_at", "must include a time zone (UTC)")
    if expires_at <= now:
        raise SharingError("expires_at", "must be in the future")
    return expires_at.astimezone(dt.UTC)


def _note(code: str, expires_at, via: str) -> str:
    text = code
    if expires_at:
        text += f" until {expires_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return text + (f" (via {via})" if via else "")


def release_record(record, *, acting_user, organisations=(), group: OrganisationGroup | None = None,
                   expires_at: dt.datetime | None = None, reason: str = "") -> list:
    """Release a record (an record, a site...) to organisations and/or the members of a group, optionally
    until `expires_at`.

    An organisation already released to gets the new expiry and group (releasing again without an expiry makes
    the release permanent). The owning organisation is never listed. Returns the releases written."""
    kind = _kind(record)
    _require_release(acting_user, record)
    now = timezone.now()
    expires_at = _expiry(expires_at, now)
    wanted: dict[int, tuple[Organisation, str]] = {o.pk: (o, "") for o in organisations}
    if group is not None:
        if group.mission_id != record.mission_id:
            raise SharingError("group", f"group {group.name!r} belongs to another mission")
        members = list(group.members.all())
        if not members:
            raise SharingError("group", f"group {group.name!r} has no member organisations")
        wanted.update({o.pk: (o, group.name) for o in members if o.pk not in wanted})
    wanted.pop(record.owner_id, None)
    if not wanted:
        raise SharingError("organisation", "name an organisation or group other than the owner")
    _require_participants(record.mission, "organisation", [org for org, via in wanted.values() if not via])
    _require_participants(record.mission, "group", [org for org, via in wanted.values() if via])
    user = acting_user if getattr(acting_user, "pk", None) else None
    model, Release = type(record), release_model(type(record))  # noqa: N806 - a model class
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        before = kind.change_snapshot(locked)
        stored = {r.organisation_id: r for r in _releases_of(locked)}
        written = []
        for org_id, (org, via) in sorted(wanted.items(), key=lambda item: item[1][0].code):
            release = stored.get(org_id)
            if release is None:
                release = Release.objects.create(**{model._meta.model_name: locked}, organisation=org,
                                                 granted_at=now, granted_by=user, expires_at=expires_at,
                                                 via_group=_via_value(Release, via))
            elif release.expires_at != expires_at or (release.via_group or "") != via:
                release.expires_at, release.via_group = expires_at, _via_value(Release, via)
                release.granted_at, release.granted_by = now, user
                release.save(update_fields=["expires_at", "via_group", "granted_at", "granted_by"])
            else:
                continue
            written.append(release)
        if not written:
            return []
        note = "released to " + ", ".join(_note(r.organisation.code, expires_at, r.via_group or "")
                                          for r in written)
        log_change(action=ChangeAction.UPDATE, obj=locked, acting_user=acting_user, before=before,
                   after=kind.change_snapshot(locked), reason=reason or note)
        for r in written:
            _report(SharingAction.RELEASE, locked, r.organisation, r.expires_at, r.via_group or "", acting_user,
                    reason or note, now)
    return written


#: Releasing an incident is releasing a record (the name its callers have always used).
release_incident = release_record


def withdraw_release(record, *, acting_user, organisation: Organisation, reason: str = "") -> None:
    """Withdraw a record's release to one organisation (at once: it no longer sees the record)."""
    kind = _kind(record)
    _require_release(acting_user, record)
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        release = _releases_of(locked).filter(organisation=organisation).first()
        if release is None:
            raise SharingError("organisation", f"the {locked._meta.verbose_name} is not released to "
                                               f"{organisation.code}")
        before = kind.change_snapshot(locked)
        release.delete()
        note = f"release to {organisation.code} withdrawn"
        log_change(action=ChangeAction.UPDATE, obj=locked, acting_user=acting_user, before=before,
                   after=kind.change_snapshot(locked), reason=reason or note)
        _report(SharingAction.WITHDRAW, locked, organisation, None, release.via_group or "", acting_user,
                reason or note, timezone.now())


def expire_releases(*, now: dt.datetime | None = None) -> int:
    """Remove every release whose expiry has passed (the organisation already no longer sees the record:
    `visible_to` checks the expiry; removing the row lets the tallies count exactly again). One change-log
    entry per record, by the system, for every releasable record type. Returns the number of releases removed."""
    now = now or timezone.now()
    return sum(_expire(kind, now) for kind in releasable_types())


def _expire(kind: ReleasableType, now) -> int:
    removed = 0
    Release, link = release_model(kind.model), kind.model._meta.model_name  # noqa: N806 - a model class
    record_ids = (Release.objects.filter(expires_at__lte=now).values_list(f"{link}_id", flat=True).distinct())
    for record_id in list(record_ids):
        with transaction.atomic():
            locked = kind.model.objects.select_for_update().filter(pk=record_id).first()
            if locked is None:
                continue
            expired = list(_releases_of(locked).filter(expires_at__lte=now)
                           .select_related("organisation").order_by("organisation__code"))
            if not expired:
                continue
            before = kind.change_snapshot(locked)
            Release.objects.filter(pk__in=[r.pk for r in expired]).delete()
            note = "release expired: " + ", ".join(_note(r.organisation.code, r.expires_at, "") for r in expired)
            log_change(action=ChangeAction.UPDATE, obj=locked, acting_user=None, before=before,
                       after=kind.change_snapshot(locked), reason=note)
            for r in expired:
                _report(SharingAction.EXPIRE, locked, r.organisation, r.expires_at, r.via_group or "", None, note,
                        now)
            removed += len(expired)
    return removed


def report_defaults(pairs: list[tuple[object, DefaultRelease]], *, acting_user, record_type: str | None = None
                    ) -> None:
    """Report releases written by agreements (for created records or an import batch). `record_type`
    (`app_label.model`) names the records' type when they are a batch writer's stand-ins, not model instances."""
    now = timezone.now()
    record_sharing_changes([_change(SharingAction.RELEASE, record, d.organisation, d.expires_at, d.via,
                                    acting_user, f"sharing agreement {d.agreement_id}", now, record_type)
                            for record, d in pairs])


def report_list_change(record, before: list[str], after: list[str], *, acting_user, reason: str = "",
                       organisations: dict | None = None) -> None:
    """Report the releases added or removed by editing the releasability list itself (a record's form,
    the API's create and PATCH, an import), which writes the rows without this module: codes before and after.
    `organisations` (code -> Organisation) saves the lookup when the caller has them."""
    report_list_changes([(record, before, after)], acting_user=acting_user, reason=reason,
                        organisations=organisations)


def report_list_changes(edits: list[tuple], *, acting_user, reason: str = "", organisations: dict | None = None,
                        record_type: str | None = None) -> None:
    """`report_list_change` for many records at once (an import batch): `edits` are (record, codes before,
    codes after); the changes are reported together, in the edits' order."""
    now = timezone.now()
    note = reason or "releasability list edited"
    changes = []
    for record, before, after in edits:
        added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
        if not added and not removed:
            continue
        if organisations is None or not set(added + removed) <= set(organisations):
            organisations = {**(organisations or {}),
                             **{o.code: o for o in Organisation.objects.filter(code__in=added + removed)}}
        for action, codes in ((SharingAction.RELEASE, added), (SharingAction.WITHDRAW, removed)):
            for code in codes:
                if code in organisations:
                    changes.append(_change(action, record, organisations[code], None, "", acting_user, note,
                                           now, record_type))
    record_sharing_changes(changes)


def _change(action, record, organisation, expires_at, via, acting_user, reason, time, record_type=None
            ) -> SharingChange:
    return SharingChange(
        action=action, record_type=record_type or record._meta.label_lower, record_id=str(record.pk),
        mission_id=record.mission_id,
        organisation_id=organisation.pk, organisation_code=organisation.code, expires_at=expires_at, via=via,
        acting_user=acting_user, reason=reason, time=time)


def _report(action, record, organisation, expires_at, via, acting_user, reason, time) -> None:
    record_sharing_changes([_change(action, record, organisation, expires_at, via, acting_user, reason, time)])


# --- groups and agreements ----------------------------------------------------------------------------------

def may_manage(user, mission) -> bool:
    """Whether the user administers sharing in the mission (mission.administer there, or a superuser)."""
    return access_profile(user).has_perm(mission.pk, Permission.MISSION_ADMINISTER)


def _require_manage(user, mission) -> None:
    if not may_manage(user, mission):
        raise refuse(user, f"{user} is not a mission administrator of {mission.code}",
                     gettext_lazy("Only the mission administrator manages sharing."), action="manage_sharing",
                     target=f"sharing groups and agreements of {mission.code}", mission=mission)


def _require_participants(mission, field: str, organisations) -> None:
    """Refuse (SharingError naming `field`) an organisation that does not take part in the mission."""
    organisations = [o for o in organisations if o is not None]
    if not organisations:
        return
    taking_part = set(participants(mission).filter(pk__in=[o.pk for o in organisations])
                      .values_list("pk", flat=True))
    for org in organisations:
        if org.pk not in taking_part:
            raise SharingError(field, f"{org.code} does not take part in mission {mission.code}")


def _group_snapshot(group: OrganisationGroup) -> dict:
    return snapshot(group, {"members": sorted(o.code for o in group.members.all())})


def create_group(*, acting_user, mission, name: str, members=()) -> OrganisationGroup:
    """A new named group of organisations in the mission."""
    _require_manage(acting_user, mission)
    name = name.strip()
    if not name:
        raise SharingError("name", "is required")
    if OrganisationGroup.objects.filter(mission=mission, name=name).exists():
        raise SharingError("name", f"a group named {name!r} already exists in {mission.code}")
    members = list(members)
    _require_participants(mission, "members", members)
    with transaction.atomic():
        group = OrganisationGroup.objects.create(mission=mission, name=name)
        group.members.set(members)
        log_change(action=ChangeAction.CREATE, obj=group, acting_user=acting_user, before=None,
                   after=_group_snapshot(group))
    return group


def update_group(group: OrganisationGroup, *, acting_user, name: str | None = None, members=None) -> OrganisationGroup:
    """Rename a group or change its members (releases already made through it stay as they are)."""
    _require_manage(acting_user, group.mission)
    if members is not None:
        members = list(members)
        _require_participants(group.mission, "members", members)
    with transaction.atomic():
        before = _group_snapshot(group)
        if name is not None and name.strip() != group.name:
            name = name.strip()
            if not name:
                raise SharingError("name", "is required")
            if OrganisationGroup.objects.filter(mission_id=group.mission_id, name=name).exists():
                raise SharingError("name", f"a group named {name!r} already exists")
            group.name = name
            group.save()
        if members is not None:
            group.members.set(members)
        after = _group_snapshot(group)
        if {k: v for k, v in before.items() if k != "updated_at"} != {k: v for k, v in after.items()
                                                                         if k != "updated_at"}:
            log_change(action=ChangeAction.UPDATE, obj=group, acting_user=acting_user, before=before, after=after)
    return group


def delete_group(group: OrganisationGroup, *, acting_user) -> None:
    """Delete a group no agreement uses (releases made through it stay)."""
    _require_manage(acting_user, group.mission)
    if group.agreements.exists():
        raise SharingError("group", f"group {group.name!r} is used by a sharing agreement; remove that first")
    with transaction.atomic():
        log_change(action=ChangeAction.DELETE, obj=group, acting_user=acting_user, before=_group_snapshot(group),
                   after=None)
        group.delete()


def _agreement_snapshot(a: SharingAgreement) -> dict:
    return snapshot(a, {"categories": sorted(c.path for c in a.categories.all()),
                        "admin_areas": sorted(area.pk for area in a.admin_areas.all())})


def create_agreement(*, acting_user, mission, owner: Organisation, partner: Organisation | None = None,
                     partner_group: OrganisationGroup | None = None, classifications=(), categories=(),
                     admin_areas=(), default_expiry_days: int | None = None, note: str = "") -> SharingAgreement:
    """A standing release of the owner's new incidents to a partner organisation or group."""
    _require_manage(acting_user, mission)
    if (partner is None) == (partner_group is None):
        raise SharingError("partner", "name either a partner organisation or a group")
    if partner is not None and partner.pk == owner.pk:
        raise SharingError("partner", "an organisation need not release to itself")
    if partner_group is not None and partner_group.mission_id != mission.pk:
        raise SharingError("partner_group", "the group belongs to another mission")
    _require_participants(mission, "owner", [owner])
    _require_participants(mission, "partner", [partner])
    levels = sorted(set(classifications))
    if not levels or set(levels) - set(RELEASABLE_LEVELS):
        raise SharingError("classifications", "choose CONFIDENTIAL and/or STRICTLY_CONFIDENTIAL")
    if any(c.mission_id != mission.pk for c in categories):
        raise SharingError("categories", "a category belongs to another mission")
    if default_expiry_days is not None and default_expiry_days < 1:
        raise SharingError("default_expiry_days", "must be at least 1 day")
    with transaction.atomic():
        agreement = SharingAgreement.objects.create(
            mission=mission, owner=owner, partner=partner, partner_group=partner_group,
            record_type=RecordType.INCIDENT, classifications=levels, default_expiry_days=default_expiry_days,
            note=note)
        agreement.categories.set(categories)
        agreement.admin_areas.set(admin_areas)
        log_change(action=ChangeAction.CREATE, obj=agreement, acting_user=acting_user, before=None,
                   after=_agreement_snapshot(agreement))
    return agreement


def set_agreement_active(agreement: SharingAgreement, *, acting_user, active: bool) -> SharingAgreement:
    """Suspend or resume an agreement (it only ever affects incidents created while it is active)."""
    _require_manage(acting_user, agreement.mission)
    if agreement.active == active:
        return agreement
    with transaction.atomic():
        before = _agreement_snapshot(agreement)
        agreement.active = active
        agreement.save()
        log_change(action=ChangeAction.UPDATE, obj=agreement, acting_user=acting_user, before=before,
                   after=_agreement_snapshot(agreement))
    return agreement


def delete_agreement(agreement: SharingAgreement, *, acting_user) -> None:
    """Delete an agreement (releases it already made stay until withdrawn or expired)."""
    _require_manage(acting_user, agreement.mission)
    with transaction.atomic():
        log_change(action=ChangeAction.DELETE, obj=agreement, acting_user=acting_user,
                   before=_agreement_snapshot(agreement), after=None)
        try:
            agreement.delete()
        except IntegrityError as exc:  # pragma: no cover - nothing references agreements today
            raise SharingError("agreement", str(exc)) from exc

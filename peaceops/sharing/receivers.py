"""How sharing answers the hooks of the layers below (`peaceops.core.hooks`), connected in
`SharingConfig.ready()`: agreements release new records (incidents and every kit record type), and edits of a
record's own releasability list are reported like every other sharing change."""

from django.utils import timezone

from peaceops.core.kit.mixins import Record, RecordRelease
from peaceops.incidents.models import Incident, IncidentRelease

from .agreements import DefaultReleases
from .choices import SharingAction
from .services import SharingChange, record_sharing_changes, report_defaults, report_list_changes

_CHUNK = 900  # ids per IN list (SQLite's limit on query parameters)


def release_new_records(sender, *, records, acting_user, **kwargs) -> list[tuple]:
    """`records_created`: write the releases the owners' active agreements give each new record (with the
    agreement's expiry and group), report them, and return them as (record, organisation, expiry) triples.
    Incidents are matched on classification, category and admin areas; records of a kit record type (whose
    releases are a `RecordRelease` model) on what they have: classification and admin areas. Releases the
    record already has (its own releasability list, the owner) are left alone."""
    if not records:
        return []
    if sender is Incident:
        return _release_incidents(records, acting_user)
    if isinstance(sender, type) and issubclass(sender, Record) and issubclass(sender.release_model(), RecordRelease):
        return _release_kit_records(sender, records, acting_user)
    return []


def _planned(records, terms) -> list[tuple]:
    """(record, DefaultRelease) pairs the owners' agreements give the records; `terms(rules, record)` asks."""
    now = timezone.now()
    rules: dict[tuple, DefaultReleases] = {}
    planned = []
    for record in records:
        key = (record.mission_id, record.owner_id)
        if key not in rules:
            rules[key] = DefaultReleases.for_owner(*key)
        if rules[key]:
            planned += [(record, d) for d in terms(rules[key], record, now)]
    return planned


def _not_held(planned, release_model, link: str) -> list[tuple]:
    ids = sorted({record.pk for record, _ in planned})
    held = set()
    for start in range(0, len(ids), _CHUNK):
        held.update(release_model.objects.filter(**{f"{link}__in": ids[start:start + _CHUNK]})
                    .values_list(link, "organisation_id"))
    return [(record, d) for record, d in planned if (record.pk, d.organisation.pk) not in held]


def _release_incidents(records, acting_user) -> list[tuple]:
    planned = _planned(records, lambda rules, r, now: rules.for_incident(
        r.classification, r.category_id, r.admin1_id, r.admin2_id, now))
    if not planned:
        return []
    pairs = _not_held(planned, IncidentRelease, "incident_id")
    now = timezone.now()
    user = acting_user if getattr(acting_user, "pk", None) else None
    IncidentRelease.objects.bulk_create(
        [IncidentRelease(incident_id=record.pk, organisation=d.organisation, granted_at=now, granted_by=user,
                         expires_at=d.expires_at, via_group=d.via) for record, d in pairs], batch_size=500)
    report_defaults(pairs, acting_user=acting_user)
    return [(record, d.organisation, d.expires_at) for record, d in pairs]


def _release_kit_records(model, records, acting_user) -> list[tuple]:
    planned = _planned(records, lambda rules, r, now: rules.for_record(
        r.classification, getattr(r, "admin1_id", None), getattr(r, "admin2_id", None), now))
    if not planned:
        return []
    release, link = model.release_model(), model._meta.model_name
    pairs = _not_held(planned, release, f"{link}_id")
    now = timezone.now()
    user = acting_user if getattr(acting_user, "pk", None) else None
    release.objects.bulk_create(
        [release(**{f"{link}_id": record.pk}, organisation=d.organisation, granted_at=now, granted_by=user,
                 expires_at=d.expires_at, via_group=d.via) for record, d in pairs], batch_size=500)
    record_type = model._meta.label_lower
    record_sharing_changes([
        SharingChange(action=SharingAction.RELEASE, record_type=record_type, record_id=str(record.pk),
                      mission_id=record.mission_id, organisation_id=d.organisation.pk,
                      organisation_code=d.organisation.code, expires_at=d.expires_at, via=d.via,
                      acting_user=acting_user, reason=f"sharing agreement {d.agreement_id}", time=now)
        for record, d in pairs])
    return [(record, d.organisation, d.expires_at) for record, d in pairs]


def report_edited_releases(sender, *, edits, acting_user, reason="", organisations=None, **kwargs) -> None:
    """`releases_edited`: report the releases added and removed by editing records' releasability lists (of
    incidents and of every kit record type, named by its model)."""
    report_list_changes(edits, acting_user=acting_user, reason=reason, organisations=organisations,
                        record_type=sender._meta.label_lower)

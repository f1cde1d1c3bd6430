"""How sharing answers the hooks of the layers below (`peaceops.core.hooks`), connected in
`SharingConfig.ready()`: agreements release new records, and edits of a record's own releasability list are
reported like every other sharing change."""

from django.utils import timezone

from peaceops.incidents.models import Incident, IncidentRelease

from .agreements import DefaultReleases
from .services import report_defaults, report_list_changes

_CHUNK = 900  # ids per IN list (SQLite's limit on query parameters)


def release_new_records(sender, *, records, acting_user, **kwargs) -> list[tuple]:
    """`records_created`: write the releases the owners' active agreements give each new incident (with the
    agreement's expiry and group), report them, and return them as (incident, organisation, expiry) triples. Releases
    the incident already has (its own releasability list, the owner) are left alone."""
    if sender is not Incident or not records:
        return []
    now = timezone.now()
    rules: dict[tuple, DefaultReleases] = {}
    planned = []
    for record in records:
        key = (record.mission_id, record.owner_id)
        if key not in rules:
            rules[key] = DefaultReleases.for_owner(*key)
        if rules[key]:
            planned += [(record, d) for d in rules[key].for_incident(
                record.classification, record.category_id, record.admin1_id, record.admin2_id, now)]
    if not planned:
        return []
    ids = sorted({record.pk for record, _ in planned})
    held = set()
    for start in range(0, len(ids), _CHUNK):
        held.update(IncidentRelease.objects.filter(incident_id__in=ids[start:start + _CHUNK])
                    .values_list("incident_id", "organisation_id"))
    pairs = [(record, d) for record, d in planned if (record.pk, d.organisation.pk) not in held]
    user = acting_user if getattr(acting_user, "pk", None) else None
    IncidentRelease.objects.bulk_create(
        [IncidentRelease(incident_id=record.pk, organisation=d.organisation, granted_at=now, granted_by=user,
                         expires_at=d.expires_at, via_group=d.via) for record, d in pairs], batch_size=500)
    report_defaults(pairs, acting_user=acting_user)
    return [(record, d.organisation, d.expires_at) for record, d in pairs]


def report_edited_releases(sender, *, edits, acting_user, reason="", organisations=None, **kwargs) -> None:
    """`releases_edited`: report the releases added and removed by editing records' releasability lists."""
    report_list_changes(edits, acting_user=acting_user, reason=reason, organisations=organisations)

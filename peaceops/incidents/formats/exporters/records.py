"""An incident together with the children an export writes, read from a queryset chunk by chunk.

`iter_records(queryset, chunk_size)` streams the queryset's incidents as plain tuples (one query, read with
`.iterator(chunk_size=...)`), and for each chunk of `chunk_size` incidents fetches their casualties, actors,
sources and releasability in four queries. So an export of N incidents runs 1 + 4 * ceil(N / chunk_size)
queries, holds at most one chunk in memory, and builds no model instances (at a million rows, Django's
per-instance prefetch machinery would dominate the time). Admin-area geometries are never read.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from peaceops.incidents.models import Casualty, Incident, IncidentActor, IncidentRelease, Source

DEFAULT_CHUNK_SIZE = 2000

#: What an export reads of each incident: attribute name -> ORM lookup (related names joined in one query).
INCIDENT_LOOKUPS = {
    "pk": "pk", "mission_id": "mission_id", "owner_id": "owner_id", "title": "title", "description": "description",
    "occurred_start": "occurred_start", "occurred_end": "occurred_end", "time_precision": "time_precision",
    "reported_at": "reported_at", "lon": "lon", "lat": "lat", "location_precision": "location_precision",
    "location_name": "location_name", "status": "status", "classification": "classification",
    "fatalities_low": "fatalities_low", "fatalities_best": "fatalities_best", "fatalities_high": "fatalities_high",
    "injured_low": "injured_low", "injured_best": "injured_best", "injured_high": "injured_high",
    "ucdp_id": "ucdp_id", "acled_id": "acled_id", "external_id": "external_id", "h3_cell": "h3_cell",
    "created_at": "created_at", "updated_at": "updated_at",
    "category_path": "category__path", "ucdp_type_of_violence": "category__ucdp_type_of_violence",
    "mission_code": "mission__code", "country_iso3": "mission__country_iso3",
    "owner_code": "owner__code", "owner_name": "owner__name",
    "admin1_name": "admin1__name", "admin1_code": "admin1__code",
    "admin2_name": "admin2__name", "admin2_code": "admin2__code",
}

IncidentRow = NamedTuple("IncidentRow", [(name, object) for name in INCIDENT_LOOKUPS])
IncidentRow.__doc__ = "An incident's own fields and the codes and names of its category, mission, owner and areas."


class CasualtyRow(NamedTuple):
    """Killed and injured in one casualty group, low / best / high."""

    group: str
    killed_low: int
    killed_best: int
    killed_high: int
    injured_low: int
    injured_best: int
    injured_high: int


class ExportedActor(NamedTuple):
    """An actor's part in an exported incident."""

    name: str
    role: str
    type: str


class SourceRow(NamedTuple):
    """A source with its Admiralty grading."""

    type: str
    reliability: str
    credibility: str
    reference: str


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One incident and its children: casualty groups by name, actors and sources as entered, codes sorted."""

    incident: IncidentRow
    casualties: list[CasualtyRow]
    actors: list[ExportedActor]
    sources: list[SourceRow]
    releasable_to: list[str]


def _by_incident(queryset, ids) -> dict:
    """Rows of a child queryset for these incidents, grouped by incident id (the first value of each row)."""
    grouped = defaultdict(list)
    for incident_id, *values in queryset.filter(incident_id__in=ids):
        grouped[incident_id].append(values)
    return grouped


def _records(chunk: list[IncidentRow], reader=None) -> list[IncidentRecord]:
    """Records for one chunk of incidents: four queries (five with a reader), whatever the chunk's size.

    With a `reader` (`partners.redaction.Reader`), the incidents that reader does not own are redacted.
    """
    ids = [row.pk for row in chunk]
    casualties = _by_incident(Casualty.objects.order_by("incident_id", "group").values_list(
        "incident_id", *CasualtyRow._fields), ids)
    actors = _by_incident(IncidentActor.objects.order_by("pk").values_list(
        "incident_id", "actor__name", "role", "actor__type"), ids)
    sources = _by_incident(Source.objects.order_by("pk").values_list(
        "incident_id", *SourceRow._fields), ids)
    releases = Incident.releasable_to.through.objects.filter(IncidentRelease.in_force())  # not expired ones
    released = _by_incident(releases.order_by("organisation__code").values_list(
        "incident_id", "organisation__code"), ids)
    records = [
        IncidentRecord(
            incident=row,
            casualties=[CasualtyRow(*values) for values in casualties.get(row.pk, ())],
            actors=[ExportedActor(*values) for values in actors.get(row.pk, ())],
            sources=[SourceRow(*values) for values in sources.get(row.pk, ())],
            releasable_to=[values[0] for values in released.get(row.pk, ())],
        )
        for row in chunk
    ]
    if reader is None:
        return records
    from peaceops.incidents.redaction import redact_record

    withheld = reader.withheld((row.pk, row.mission_id, row.owner_id) for row in chunk)
    return [redact_record(r) if r.incident.pk in withheld else r for r in records]


def iter_records(queryset, chunk_size: int = DEFAULT_CHUNK_SIZE, reader=None) -> Iterator[IncidentRecord]:
    """Every incident of the queryset (in its order) as a record, streamed chunk by chunk; redacted for
    `reader` (a `partners.redaction.Reader`) when one is given."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if queryset.model is not Incident:
        raise TypeError(f"expected an Incident queryset, got {queryset.model.__name__}")
    rows = (IncidentRow._make(values) for values in queryset.values_list(*INCIDENT_LOOKUPS.values())
            .iterator(chunk_size=chunk_size))
    while chunk := list(islice(rows, chunk_size)):
        yield from _records(chunk, reader)

"""An incident together with the children an export writes, read from a queryset chunk by chunk.

`iter_records(queryset, chunk_size)` walks the queryset with `.iterator(chunk_size=...)` and prefetches the
casualties, actor links (with their actors), sources and releasability of each chunk, so an export of N
incidents runs one main query plus a fixed number of queries per chunk, and holds at most one chunk in memory.
Admin areas are joined without their boundary geometry, which can be large.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from peaceops.core.models import Organisation
from peaceops.incidents.models import Casualty, Incident, IncidentActor, Source

DEFAULT_CHUNK_SIZE = 2000

#: Related rows each exported incident carries, fetched once per chunk.
_RELATED = ("category", "owner", "mission", "admin1", "admin2")
_HEAVY = ("admin1__geometry", "admin2__geometry", "admin1__names", "admin2__names", "category__names")


@dataclass(frozen=True)
class ExportedActor:
    """An actor's part in an exported incident."""

    name: str
    role: str
    type: str


@dataclass(frozen=True)
class IncidentRecord:
    """One incident and its children, in a stable order (casualty groups by name, actors and sources as entered)."""

    incident: Incident
    casualties: list[Casualty]
    actors: list[ExportedActor]
    sources: list[Source]
    releasable_to: list[str]  # organisation codes, sorted


def export_queryset(queryset):
    """The queryset with the joins and per-chunk prefetches an export needs."""
    return queryset.select_related(*_RELATED).defer(*_HEAVY).prefetch_related(
        Prefetch("casualties", queryset=Casualty.objects.order_by("group")),
        Prefetch("actor_links", queryset=IncidentActor.objects.select_related("actor").order_by("pk")),
        Prefetch("sources", queryset=Source.objects.order_by("pk")),
        Prefetch("releasable_to", queryset=Organisation.objects.only("pk", "code").order_by("code")),
    )


def to_record(incident: Incident) -> IncidentRecord:
    """Gather an incident's prefetched children into a record."""
    return IncidentRecord(
        incident=incident,
        casualties=list(incident.casualties.all()),
        actors=[
            ExportedActor(name=link.actor.name, role=link.role, type=link.actor.type)
            for link in incident.actor_links.all()
        ],
        sources=list(incident.sources.all()),
        releasable_to=[org.code for org in incident.releasable_to.all()],
    )


def iter_records(queryset, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[IncidentRecord]:
    """Every incident of the queryset as a record, streamed with a fixed number of queries per chunk."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if queryset.model is not Incident:
        raise TypeError(f"expected an Incident queryset, got {queryset.model.__name__}")
    for incident in export_queryset(queryset).iterator(chunk_size=chunk_size):
        yield to_record(incident)

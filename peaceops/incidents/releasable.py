"""Incidents as a releasable record type (`core.kit.releasable`): what partner feeds, redaction and sharing
need to know of them, registered at start-up (`IncidentsConfig.ready()`), so that those services import no
incidents code."""

from django.db.models import Prefetch

from peaceops.core.kit.releasable import ReleasableType, register_releasable

from .display import category_name
from .models import Category, Incident, IncidentActor, releases_in_force_prefetch
from .redaction import WITHHELD_FIELDS, redact_detail
from .schemas import detail_of


def _prepare(incidents):
    """What `detail_of` reads, in a fixed number of queries."""
    return (incidents
            .select_related("mission", "owner", "category", "admin1", "admin2", "created_by", "updated_by")
            .defer("admin1__geometry", "admin2__geometry")
            .prefetch_related("casualties", "sources", releases_in_force_prefetch(),
                              Prefetch("actor_links", queryset=IncidentActor.objects.select_related("actor"))))


def _snapshot(incident) -> dict:
    from .services import incident_snapshot

    return incident_snapshot(incident)


INCIDENTS = ReleasableType(
    name="incidents", model=Incident, item="incident", detail=detail_of, prepare=_prepare,
    withheld=tuple(WITHHELD_FIELDS), redact=redact_detail, release_scopes=True, snapshot=_snapshot,
    detail_url="incidents:detail", categories=Category, category_field="category", category_label=category_name,
)


def register() -> None:
    """Register incidents with the releasable record types."""
    register_releasable(INCIDENTS)

"""Incidents in the one search (`peaceops.core.kit.search`): found by their UCDP, ACLED or external id
(exactly), their title, description or place name; newest first within a rank."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.search import Searchable, register_search

from .models import Incident


def _summary(incident) -> str:
    when = formats.date_format(incident.occurred_start, "DATE_FORMAT")
    return " · ".join(part for part in (when, incident.location_name, incident.mission.code) if part)


register_search(Searchable(
    key="incidents", label=_("Incidents"), model=Incident, ids=("ucdp_id", "acled_id", "external_id"),
    titles=("title",), texts=("description", "location_name"), order=("-occurred_start", "-id"),
    url=lambda incident: reverse("incidents:detail", args=[incident.pk]), summary=_summary,
    scopes=("incidents:read", "incidents:write"), select_related=("mission",)))

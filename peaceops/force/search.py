"""Contingents and units in the one search (`peaceops.core.kit.search`): found by their source id (exactly) or
name. Their national caveats and notes are withheld from partners, so they are not searched; a unit's summary
does not name its contingent (which the reader may not see)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.search import Searchable, register_search

from .models import Contingent, Unit

SCOPES = ("force:read", "force:write")


def _contingent_summary(contingent) -> str:
    return " · ".join(str(part) for part in (contingent.country, contingent.get_kind_display(),
                                             contingent.mission.code) if part)


def _unit_summary(unit) -> str:
    return " · ".join(str(part) for part in (unit.get_unit_type_display(), unit.mission.code) if part)


register_search(Searchable(
    key="contingents", label=_("Contingents"), model=Contingent, ids=("source_id",), titles=("name",),
    order=("name", "id"), url=lambda contingent: reverse("contingents:detail", args=[contingent.pk]),
    summary=_contingent_summary, scopes=SCOPES, select_related=("mission",)))

register_search(Searchable(
    key="units", label=_("Units"), model=Unit, ids=("source_id",), titles=("name",), order=("name", "id"),
    url=lambda unit: reverse("units:detail", args=[unit.pk]), summary=_unit_summary, scopes=SCOPES,
    select_related=("mission",)))

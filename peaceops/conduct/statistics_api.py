"""The conduct statistics API, GET /api/v1/conduct/statistics: the mission's cases counted by one or two
dimensions (`?by=year&by=personnel_category`), filtered by years (`from`, `to`) and UN mission, with the same
suppression as the page (`statistics`): a hidden count is null with `"suppressed": true` (under the threshold,
or hidden so that such a count cannot be worked out from the totals). Never a count under the threshold. For holders of `conduct.statistics.view` in the mission (403 otherwise); tokens need
`conduct:read`. `mission` (a code) may be left out by who holds the permission in one mission only."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from peaceops.api.scopes import scoped
from peaceops.core.access import access_profile
from peaceops.core.kit.api import mission_of
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.schemas import ErrorOut
from peaceops.core.models import Mission
from peaceops.core.services import PermissionDenied

from . import statistics
from .permissions import STATISTICS_VIEW

router = Router(tags=["conduct"], auth=scoped(read=["conduct:read", "conduct:write"], write=[]))
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _mission(user, code: str | None) -> Mission:
    profile = access_profile(user)
    if code:
        mission = mission_of(code)
        if not profile.has_perm(mission.pk, STATISTICS_VIEW) or mission.pk not in profile.missions:
            raise PermissionDenied(_("You may not see the conduct statistics of this mission."))
        return mission
    held = profile.missions_with(STATISTICS_VIEW)
    if not held:
        raise PermissionDenied(_("You may not see conduct statistics."))
    if len(held) > 1:
        raise FieldError("mission", _("name the mission: you see the statistics of several"))
    return Mission.objects.get(pk=next(iter(held)))


def cell_out(cell: statistics.Cell) -> dict:
    return {"count": cell.count, "suppressed": cell.suppressed}


def table_out(table: statistics.Table) -> dict:
    """A table as JSON: `cells` (each with its key in every dimension), the totals by each dimension of a
    two-way table, and the `total`."""
    out = {"by": list(table.by), "threshold": table.threshold, "total": cell_out(table.total)}
    if not table.columns:
        out["cells"] = [
            {table.by[0]: key, "label": label, **cell_out(cell)} for key, label, cell in table.lines
        ]
        return out
    first, second = table.by
    out["cells"] = [
        {first: r, second: c, **cell_out(table.cells[(r, c)])}
        for r, _r in table.rows
        for c, _c in table.columns
    ]
    out["totals"] = {
        first: [{first: r, "label": label, **cell_out(table.row_totals[r])} for r, label in table.rows],
        second: [
            {second: c, "label": label, **cell_out(table.column_totals[c])} for c, label in table.columns
        ],
    }
    return out


@router.get(
    "/statistics", response={200: dict, **ERRORS}, summary="Conduct statistics, small cells suppressed"
)
def conduct_statistics(
    request: HttpRequest,
    by: list[str] = Query(None),  # noqa: B008
    mission: str | None = None,
    un_mission: str | None = None,
    year_from: str | None = Query(None, alias="from"),
    year_to: str | None = Query(None, alias="to"),
):
    """Counts of the mission's conduct cases by `by` (one or two of un_mission, year, personnel_category,
    outcome, allegation, victims; default year), suppressed under the mission's threshold."""
    chosen = _mission(request.auth, mission)
    filters = statistics.Filters.of(year_from, year_to, un_mission)
    table = statistics.table(chosen, by or (), filters)
    return {
        "mission": chosen.code,
        "from": filters.year_from,
        "to": filters.year_to,
        "un_mission": filters.un_mission,
        **table_out(table),
    }

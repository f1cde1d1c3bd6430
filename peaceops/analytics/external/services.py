"""Importing an external forecast for a mission: the one door that writes `ExternalForecast` sets.

`import_external_forecast` reads the file (`layout.read_forecast`), keeps the good rows, reports every other
row with its line number and reason (bad rows, and rows of units outside the mission), and writes the set and
one change-log entry in one transaction. `strict=True` writes nothing unless every row is good (rows outside
the mission are not bad: a ViEWS file covers many countries or cells and the mission keeps its own).
Importing the same file (same SHA-256) under the same name again changes nothing; the same file under
another name, or another file under a used name without `replace=True`, is refused with the reason.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.services import PermissionDenied
from peaceops.geo.models import AdminArea

from ..forecasting.units import parse_month, priogrid_cells_covering
from ..models import ExternalForecast, ExternalForecastValue, ExternalKind, ExternalUnit
from .layout import LayoutError, read_forecast, violence_of

BATCH = 2000
VIOLENCE = ("sb", "ns", "os", "all")


class ExternalImportError(ValueError):
    """The import cannot be made; the message names the option or column at fault."""


@dataclass
class ExternalImportReport:
    """What an import did: rows read, kept, rejected (bad) and outside the mission, and the set written."""

    name: str
    rows_read: int = 0
    kept: int = 0
    rejects: list = field(default_factory=list)
    outside: int = 0
    outside_example: object = None
    forecast: ExternalForecast | None = None
    unchanged: bool = False
    replaced: bool = False
    columns_found: list = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.forecast is not None

    def summary(self) -> str:
        if self.unchanged:
            return (f"{self.name!r}: this file is already imported (same SHA-256); nothing changed.")
        f = self.forecast
        head = (f"Read {self.rows_read} rows: {self.kept} kept, {len(self.rejects)} rejected, "
                f"{self.outside} outside the mission.")
        if not f:
            return head + " Nothing written."
        what = f"{f.draws} draws" if f.kind == ExternalKind.SAMPLES else "probabilities"
        scale = " (ln(1 + x) converted back to fatalities)" if f.log_scale else ""
        return (head + f" Stored {f.name!r}: {f.units} {f.unit} unit(s) x months {f.first_month}-{f.last_month}, "
                f"{what} from column {f.column!r}{scale}" + (", replacing the earlier set." if self.replaced else "."))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mission_units(mission, unit: str, country_id: int | None) -> list[int]:
    """The units of the mission: its ViEWS country id, or the PRIO-GRID cells its boundary touches (the level-0
    admin area, else the union of the level-1 areas)."""
    if unit == ExternalUnit.COUNTRY:
        if not country_id:
            raise ExternalImportError("--country-id: give the mission's ViEWS country_id (ViEWS ids are not ISO "
                                      "codes; see the forecast's documentation)")
        return [int(country_id)]
    from shapely.geometry import shape
    from shapely.ops import unary_union
    from shapely.validation import make_valid

    for level in (0, 1):
        shapes = list(AdminArea.objects.filter(mission=mission, level=level).values_list("geometry", flat=True))
        if shapes:
            area = unary_union([make_valid(shape(json.loads(g))) for g in shapes])
            return priogrid_cells_covering(area)
    raise ExternalImportError("--unit priogrid: the mission has no boundary (admin areas of level 0 or 1) to "
                              "tell which PRIO-GRID cells are its own; load its boundaries first")


def _parse_origin(origin) -> int | None:
    if origin in (None, ""):
        return None
    if isinstance(origin, int):
        return origin
    try:
        return parse_month(origin)
    except ValueError as error:
        raise ExternalImportError(f"--origin: {error}") from None


def describe(f: ExternalForecast) -> dict:
    """A set as the change log and the API show it."""
    return {"id": f.pk, "name": f.name, "mission": f.mission.code, "source_name": f.source_name, "sha256": f.sha256,
            "unit": f.unit, "country_id": f.country_id, "kind": f.kind, "column": f.column,
            "log_scale": f.log_scale, "violence": f.violence or "all", "origin_month": f.origin_month,
            "first_month": f.first_month, "last_month": f.last_month, "units": f.units, "draws": f.draws,
            "rows_read": f.rows_read, "rows_rejected": f.rows_rejected, "rows_outside": f.rows_outside,
            "imported_by": f.imported_by.username if f.imported_by else None,
            "imported_at": f.imported_at.isoformat() if f.imported_at else None}


def import_external_forecast(path, *, mission, name: str, unit: str, acting_user, country_id: int | None = None,
                             column: str | None = None, violence: str | None = None, origin=None,
                             strict: bool = False, replace: bool = False, rejects_path=None,
                             progress=None) -> ExternalImportReport:
    """Import a ViEWS-layout forecast file for `mission` as the set `name` (see the module docstring).
    The file is read in chunks (`layout.read_forecast`), never whole. `progress(total, label)` returns a
    callable advanced by a number of steps (reading: the rows of each chunk, total None when unknown; storing:
    one per batch)."""
    path = Path(path)
    if not path.is_file():
        raise ExternalImportError(f"no such file: {path}")
    if unit not in ExternalUnit.values:
        raise ExternalImportError(f"--unit: must be one of {', '.join(ExternalUnit.values)}")
    if violence and violence not in VIOLENCE:
        raise ExternalImportError(f"--violence: must be one of {', '.join(VIOLENCE)}")
    if not name.strip():
        raise ExternalImportError("--name: give the forecast set a name")
    if not access_profile(acting_user).can_report(mission.pk):
        raise PermissionDenied(f"{acting_user.username} may not import into mission {mission.code} "
                               "(needs incidents.incident.add there)")
    digest = sha256_of(path)
    same_file = ExternalForecast.objects.filter(mission=mission, sha256=digest).first()
    if same_file and same_file.name == name and not replace:
        return ExternalImportReport(name=name, unchanged=True, forecast=None)
    if same_file and same_file.name != name:
        raise ExternalImportError(f"this file (SHA-256 {digest[:12]}...) is already imported as "
                                  f"{same_file.name!r}; score that set, or delete it first")
    earlier = ExternalForecast.objects.filter(mission=mission, name=name).first()
    if earlier and not replace:
        raise ExternalImportError(f"--name: the mission already has a forecast set {name!r} (from "
                                  f"{earlier.source_name}); give another name or --replace it")
    allowed = mission_units(mission, unit, country_id)
    try:
        read = read_forecast(path, unit, allowed, column, rejects_path=rejects_path, progress=progress)
    except LayoutError as error:
        raise ExternalImportError(str(error)) from error
    report = ExternalImportReport(name=name, rows_read=read.rows_read, rejects=read.rejects, outside=read.outside,
                                  outside_example=read.outside_example, columns_found=read.columns_found)
    report.kept = read.rows_read - len(read.rejects) - read.outside
    if (strict and read.rejects) or not read.values:
        return report
    months = sorted({m for m, _ in read.values})
    start = _parse_origin(origin)
    forecast = ExternalForecast(
        mission=mission, name=name, source_name=path.name, sha256=digest, unit=unit,
        country_id=int(country_id) if unit == ExternalUnit.COUNTRY else None, kind=read.kind, column=read.column,
        log_scale=read.log_scale, violence="" if violence == "all" else (violence or violence_of(read.column)),
        origin_month=start if start is not None else months[0] - 1, first_month=months[0], last_month=months[-1],
        units=len({u for _, u in read.values}), draws=read.draws, rows_read=read.rows_read,
        rows_rejected=len(read.rejects), rows_outside=read.outside, imported_by=acting_user,
        imported_at=timezone.now())
    items = sorted(read.values.items())
    advance = progress((len(items) + BATCH - 1) // BATCH, f"storing {name}") if progress else (lambda step=1: None)
    with transaction.atomic():
        before = None
        if earlier:
            before = describe(earlier)
            earlier.delete()
            report.replaced = True
        forecast.save()
        for i in range(0, len(items), BATCH):
            ExternalForecastValue.objects.bulk_create(
                [ExternalForecastValue(forecast=forecast, month_id=m, unit_id=u, values=v)
                 for (m, u), v in items[i:i + BATCH]])
            advance()
        log_change(action=ChangeAction.UPDATE if earlier else ChangeAction.CREATE, obj=forecast,
                   acting_user=acting_user, before=before, after=describe(forecast),
                   reason=f"external forecast import ({path.name})")
    report.forecast = forecast
    return report


def visible_forecasts(user):
    """The sets of the missions where `user` may see incidents (every set for a superuser): the one visibility
    rule's missions for incidents (`VisibilityRule.sight`)."""
    from peaceops.core.visibility import VisibilityRule
    from peaceops.incidents.models import Incident

    sight = VisibilityRule(Incident).sight(user)
    sets = ExternalForecast.objects.select_related("mission", "imported_by").order_by("mission__code", "name")
    if sight.everything:
        return sets
    return sets.filter(mission_id__in=sorted(sight.standings))

"""Mutations of analytics data: `run_forecast` stores a mission's 12-month risk forecasts (one run per
mission, level, target, subset and origin month; a rerun replaces the earlier one) in one transaction with one
change-log entry summarising the run.

A run forecasts a target per unit-month: fatalities (the casualties' killed_best) or incidents (counts; an
incident spanning n months counts 1/n in each), of all incidents or of a subset: a category with its
descendants (the incident filters' `category_ids`), and/or the categories the mission's taxonomy maps to one
UCDP type of violence, with their descendants. The subset is stored as a key: 'all', 'category:<path>',
'violence:<n>', or 'category:<path>,violence:<n>'.

The panel is built from `Incident.objects.visible_to(user)` only, so a forecast never draws on incidents its
`built_by` user could not see (docs/forecasting.md, "Running forecasts for a mission").
"""

import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from threadpoolctl import threadpool_limits

from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.visibility import VisibilityRule
from peaceops.geo.models import AdminArea
from peaceops.incidents.filters import FilterError, category_ids
from peaceops.incidents.models import Category, Incident

from .forecasting.evaluate import build_model
from .forecasting.model import MIN_HISTORY
from .forecasting.panel import Panel, build_panel
from .forecasting.units import (
    DEFAULT_H3_RESOLUTION,
    check_h3_resolution,
    h3_cells,
    h3_label,
    h3_neighbours,
    h3_parents,
    h3_with_neighbours,
    month_id,
    month_of,
    month_start,
    priogrid_gid,
    priogrid_neighbours,
    priogrid_with_neighbours,
)
from .models import ALL_INCIDENTS, ForecastLevel, ForecastTarget, RiskForecast

MODEL_NAME = "peaceops-hurdle"
#: The stored model name of each model kind (forecasting.evaluate.MODEL_KINDS).
MODEL_NAMES = {"hurdle": MODEL_NAME, "quantile": "peaceops-quantile", "quantile-hurdle": "peaceops-quantile-hurdle"}
HORIZONS = tuple(range(1, 13))
ADMIN_LEVEL = {ForecastLevel.ADM1: 1, ForecastLevel.ADM2: 2}


class ForecastError(ValueError):
    """A run that cannot be made (no incidents, history too short)."""


@dataclass
class MissionPanel:
    """The target panel of a mission at one level, with unit labels and (PRIO-GRID, H3) neighbours."""

    panel: Panel
    labels: list
    neighbours: list | None
    incidents: int
    target: str = ForecastTarget.FATALITIES
    subset: str = ALL_INCIDENTS
    h3_resolution: int | None = None


@dataclass
class Subset:
    """Which of a mission's incidents a run reads: `key` as stored, `category_ids` None for all."""

    key: str
    category_ids: list | None


VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}


def resolve_subset(mission, category: str | None = None, violence=None) -> Subset:
    """The subset of `mission`'s incidents named by a category (path or code, descendants included: the
    incident filters' rule) and/or a UCDP type of violence (the categories of the mission's taxonomy mapped to it,
    descendants included); both given: incidents in both. FilterError naming `category` or `violence`."""
    parts, ids = [], None
    if category not in (None, ""):
        value = str(category).strip().strip("/")
        paths = sorted(Category.objects.filter(mission=mission).filter(Q(path=value) | Q(code=value))
                       .values_list("path", flat=True))
        if not paths:
            raise FilterError("category", _("names no category of the mission (%(value)s)"), value=repr(value))
        ids = set(Category.objects.filter(mission=mission, id__in=category_ids(value)).values_list("id", flat=True))
        parts.append("category:" + "|".join(paths))
    if violence not in (None, ""):
        try:
            code = int(violence)
        except (TypeError, ValueError):
            code = 0
        if code not in VIOLENCE:
            raise FilterError("violence", _("must be 1 (state-based), 2 (non-state) or 3 (one-sided)"))
        roots = list(Category.objects.filter(mission=mission, ucdp_type_of_violence=code).values_list("path", flat=True))
        if not roots:
            raise FilterError("violence", _("names UCDP type of violence %(code)s, to which the mission's taxonomy "
                                           "maps no category"), code=code)
        condition = Q()
        for path in roots:
            condition |= Q(path=path) | Q(path__startswith=path + "/")
        mapped = set(Category.objects.filter(mission=mission).filter(condition).values_list("id", flat=True))
        ids = mapped if ids is None else ids & mapped
        parts.append(f"violence:{code}")
    return Subset(",".join(parts) or ALL_INCIDENTS, None if ids is None else sorted(ids))


def parse_subset_key(mission, key: str | None) -> str:
    """The stored form of a subset key given by a reader (`all`, `category:<path or code>`, `violence:<n>`, or
    both joined by ','), checked against the mission; FilterError naming `subset`."""
    if key in (None, "", ALL_INCIDENTS):
        return ALL_INCIDENTS
    given = {}
    for part in str(key).split(","):
        name, _sep, value = part.strip().partition(":")
        if name not in ("category", "violence") or not value or name in given:
            raise FilterError("subset", _("must be 'all', 'category:<path or code>', 'violence:<1-3>' or "
                                          "'category:<path>,violence:<n>'"))
        given[name] = value
    try:
        return resolve_subset(mission, given.get("category"), given.get("violence")).key
    except FilterError as error:
        raise FilterError("subset", _("%(field)s: %(problem)s"), field=error.field,
                          problem=lazy(lambda inner=error: inner.message, str)()) from None


def last_complete_month(today: dt.date | None = None) -> int:
    """ViEWS month id of the month before today's."""
    return month_of(today or timezone.now().date()) - 1


#: How a column read by `read_columns` becomes a numpy array: month ids for times (UTC), 0 for a missing admin
#: area, -1 for a missing H3 cell, NaN for a missing coordinate.
_COLUMN_TYPES = {
    "occurred_start": lambda v: np.array([(t.year - 1980) * 12 + t.month for t in v], dtype=np.int64),
    "occurred_end": lambda v: np.array([(t.year - 1980) * 12 + t.month for t in v], dtype=np.int64),
    "admin1_id": lambda v: np.array([x or 0 for x in v], dtype=np.int64),
    "admin2_id": lambda v: np.array([x or 0 for x in v], dtype=np.int64),
    "lon": lambda v: np.array([np.nan if x is None else x for x in v], dtype=float),
    "lat": lambda v: np.array([np.nan if x is None else x for x in v], dtype=float),
    "h3_cell": lambda v: np.array([-1 if x is None else x for x in v], dtype=np.int64),
    "killed": lambda v: np.array(v, dtype=float),
    "fatalities_best": lambda v: np.array([x or 0 for x in v], dtype=float),
}
READ_CHUNK = 50_000


def read_columns(queryset, columns: list[str]) -> dict[str, np.ndarray]:
    """The queryset's columns as numpy arrays (see `_COLUMN_TYPES`), read in chunks of READ_CHUNK rows so that
    memory holds one chunk of Python objects at a time, not a million rows of them."""
    parts = {name: [] for name in columns}
    rows = queryset.values_list(*columns).iterator(chunk_size=READ_CHUNK)
    while chunk := list(itertools.islice(rows, READ_CHUNK)):
        for position, name in enumerate(columns):
            parts[name].append(_COLUMN_TYPES[name]([row[position] for row in chunk]))
    return {name: np.concatenate(arrays) if arrays else np.zeros(0) for name, arrays in parts.items()}


def mission_panel(mission, user, level: str, origin_month: int, *, target: str = ForecastTarget.FATALITIES,
                  category: str | None = None, violence=None,
                  h3_resolution: int = DEFAULT_H3_RESOLUTION) -> MissionPanel:
    """The target per unit and month, from the incidents `user` may see in `mission` (narrowed to a subset:
    `resolve_subset`), from January of the first incident's year through `origin_month`: fatalities (sum of
    the casualties' killed_best, split over an incident's months in whole numbers) or incidents (1/n in each of
    an incident's n months)."""
    target = ForecastTarget(target)
    subset = resolve_subset(mission, category, violence)
    if level == ForecastLevel.H3:
        h3_resolution = check_h3_resolution(h3_resolution)
    incidents = Incident.objects.visible_to(user).filter(mission=mission)
    if subset.category_ids is not None:
        incidents = incidents.filter(category_id__in=subset.category_ids)
    # Incidents starting after the origin month add nothing to the panel: not read.
    after_origin = dt.datetime.combine(month_start(origin_month + 1), dt.time(), tzinfo=dt.UTC)
    incidents = incidents.filter(occurred_start__lt=after_origin)
    columns = ["occurred_start", "occurred_end", "admin1_id", "admin2_id", "lon", "lat", "h3_cell"]
    if target == ForecastTarget.FATALITIES:
        incidents = incidents.annotate(killed=Coalesce(Sum("casualties__killed_best"), 0))
        columns.append("killed")
    read = read_columns(incidents, columns)
    count = len(read["occurred_start"])
    if not count:
        where = "" if subset.key == ALL_INCIDENTS else f" ({subset.key})"
        raise ForecastError(f"no incidents visible to this user in the mission{where}")
    start, end = read["occurred_start"], read["occurred_end"]
    amount = read["killed"] if target == ForecastTarget.FATALITIES else np.ones(count)
    neighbours = None
    if level == ForecastLevel.PRIOGRID:
        keys = priogrid_gid(read["lat"], read["lon"])
        units = priogrid_with_neighbours(keys)
        labels = [f"PRIO-GRID {gid}" for gid in units]
        neighbours = priogrid_neighbours(units)
    elif level == ForecastLevel.H3:
        # The stored resolution-12 cell's parent (bit arithmetic); the point's cell where none is stored.
        stored = read["h3_cell"]
        keys = h3_parents(np.where(stored >= 0, stored, 0), h3_resolution)  # resolution <= 9 < 12, the stored one
        missing = stored < 0
        if missing.any():
            keys[missing] = h3_cells(read["lat"][missing], read["lon"][missing], h3_resolution)
        units = h3_with_neighbours(keys)
        labels = [f"H3 {h3_label(cell)}" for cell in units]
        neighbours = h3_neighbours(units)
    else:
        keys = read["admin1_id" if level == ForecastLevel.ADM1 else "admin2_id"]
        areas = list(AdminArea.objects.filter(mission=mission, level=ADMIN_LEVEL[level])
                     .order_by("pk").values_list("pk", "name"))
        if not areas:
            raise ForecastError(f"the mission has no admin areas of level {ADMIN_LEVEL[level]}")
        units = np.array([pk for pk, _ in areas], dtype=np.int64)
        labels = [name for _, name in areas]
    first_month = int(month_id(int((start.min() - 1) // 12) + 1980, 1))
    if origin_month - first_month + 1 < MIN_HISTORY + 2:
        raise ForecastError("too little history before the origin month to fit the model")
    panel = build_panel(keys, start, end, amount, units, first_month, origin_month,
                        whole=target == ForecastTarget.FATALITIES)
    return MissionPanel(panel, labels, neighbours, count, target.value, subset.key,
                        h3_resolution if level == ForecastLevel.H3 else None)


def forecast_rows(data: MissionPanel, max_iter: int = 120, seed: int = 0, advance=lambda: None,
                  model: str = "hurdle") -> list[dict]:
    """Fit the model (`model`: one of forecasting.evaluate.MODEL_KINDS) on the whole panel and summarise its
    samples for horizons 1..12, one dict per unit and horizon: p10, p50, p90, mean, prob_1, prob_25. The trees
    are fitted on PEACEOPS_FORECAST_THREADS threads."""
    with threadpool_limits(limits=settings.PEACEOPS_FORECAST_THREADS or None, user_api="openmp"):
        model = build_model(model, horizons=HORIZONS, neighbours=data.neighbours, seed=seed, max_iter=max_iter)
        model.fit(data.panel.values)
        advance()
        origin = data.panel.first_month + data.panel.values.shape[1] - 1
        rows = []
        for h in HORIZONS:
            samples = model.sample(data.panel.values, h)
            p10, p50, p90 = np.quantile(samples, [0.1, 0.5, 0.9], axis=1)
            mean = samples.mean(axis=1)
            prob_1, prob_25 = (samples >= 1).mean(axis=1), (samples >= 25).mean(axis=1)
            for u, unit in enumerate(data.panel.units):
                rows.append(dict(unit=unit, label=data.labels[u], horizon=h, target_month=origin + h,
                                 p10=float(p10[u]), p50=float(p50[u]), p90=float(p90[u]), mean=float(mean[u]),
                                 prob_1=float(prob_1[u]), prob_25=float(prob_25[u])))
            advance()
        return rows


def run_forecast(*, mission, user, level: str, origin_month: int | None = None, max_iter: int = 120,
                 progress=None, target: str = ForecastTarget.FATALITIES, category: str | None = None,
                 violence=None, h3_resolution: int = DEFAULT_H3_RESOLUTION, model: str = "hurdle") -> dict:
    """Build the panel from what `user` sees (narrowed to the subset), fit `model` (one of
    forecasting.evaluate.MODEL_KINDS), and store 12 months of forecasts per unit, replacing an earlier run for
    the same mission, level, target, subset and origin. Returns a summary."""
    if model not in MODEL_NAMES:
        raise FilterError("model", _("must be one of %(allowed)s (not %(value)s)"), allowed=", ".join(MODEL_NAMES),
                          value=repr(model))
    try:
        level = ForecastLevel(level)
    except ValueError:
        raise FilterError("level", _("must be one of %(allowed)s (not %(value)s)"),
                          allowed=", ".join(ForecastLevel.values), value=repr(level)) from None
    try:
        target = ForecastTarget(target)
    except ValueError:
        raise FilterError("target", _("must be one of %(allowed)s (not %(value)s)"),
                          allowed=", ".join(ForecastTarget.values), value=repr(target)) from None
    if level == ForecastLevel.H3:
        try:
            h3_resolution = check_h3_resolution(h3_resolution)
        except ValueError as error:
            raise FilterError("h3-resolution", str(error)) from None
    origin_month = last_complete_month() if origin_month is None else int(origin_month)
    data = mission_panel(mission, user, level, origin_month, target=target, category=category,
                         violence=violence, h3_resolution=h3_resolution)
    advance = progress(1 + len(HORIZONS)) if progress else (lambda: None)
    rows = forecast_rows(data, max_iter=max_iter, advance=advance, model=model)
    now = timezone.now()
    sight = sight_of(user, mission.pk)
    admin = level in (ForecastLevel.ADM1, ForecastLevel.ADM2)
    resolution = data.h3_resolution

    def key(unit) -> str:
        return h3_label(unit) if level == ForecastLevel.H3 else str(unit)

    run = dict(mission=mission, level=level, target=target, subset=data.subset, origin_month=origin_month)
    objects = [RiskForecast(
        **run, h3_resolution=resolution, unit_key=key(r["unit"]), unit_label=r["label"],
        admin_area_id=int(r["unit"]) if admin else None,
        target_month=r["target_month"], horizon=r["horizon"], p10=r["p10"], p50=r["p50"], p90=r["p90"],
        mean=r["mean"], prob_1=r["prob_1"], prob_25=r["prob_25"], model_name=MODEL_NAMES[model], built_by=user,
        created_at=now, built_sight=sight) for r in rows]
    summary = {"mission": mission.code, "level": level.value, "target": target.value, "subset": data.subset,
               "origin_month": origin_month, "units": len(data.panel.units), "horizons": len(HORIZONS),
               "forecasts": len(objects), "incidents": data.incidents, "model": MODEL_NAMES[model],
               "built_by": user.username}
    if resolution is not None:
        summary["h3_resolution"] = resolution
    with transaction.atomic():
        earlier = RiskForecast.objects.filter(**run)
        replaced = earlier.count()
        earlier.delete()
        created = RiskForecast.objects.bulk_create(objects, batch_size=2000)
        first = created[0] if created[0].pk else RiskForecast.objects.filter(**run).order_by("pk").first()
        log_change(action=ChangeAction.CREATE, obj=first, acting_user=user,
                   before={"forecasts": replaced} if replaced else None, after=summary,
                   reason=f"forecast run ({level.value}, {target.value}, {data.subset}, origin month {origin_month})")
    summary["replaced"] = replaced
    return summary


def sight_of(user, mission_id: int) -> dict:
    """What a user sees in a mission, as stored with a run: a forecast is aggregate data derived from the
    incidents its builder could see, so it may only be shown to someone who sees at least as much (the one
    visibility rule's analytics form, `VisibilityRule.sight_summary`)."""
    return VisibilityRule(Incident).sight_summary(user, mission_id)


def may_read(sight: dict, reader, mission_id: int) -> bool:
    """Whether `reader` sees every incident the run's builder saw (`VisibilityRule.covers`)."""
    return VisibilityRule(Incident).covers(sight, reader, mission_id)


def latest_run(mission, level: str, reader, target: str = ForecastTarget.FATALITIES, subset: str = ALL_INCIDENTS):
    """The forecasts of the latest run of a mission at a level, for a target and subset, that `reader` may read
    (see `may_read`): a queryset, empty when none. At level h3 runs of any resolution compete (the latest wins;
    a rerun at another resolution replaces the earlier one, as their keys are the same)."""
    run = dict(mission=mission, level=level, target=target, subset=subset)
    runs = (RiskForecast.objects.filter(**run).order_by("-origin_month")
            .values_list("origin_month", "built_sight").distinct())
    origin = next((o for o, sight in runs if may_read(sight or {}, reader, mission.pk)), -1)
    return RiskForecast.objects.filter(**run, origin_month=origin)

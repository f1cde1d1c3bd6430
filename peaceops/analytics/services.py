"""Mutations of analytics data: `run_forecast` stores a mission's 12-month risk forecasts (one run per
mission, level and origin month; a rerun replaces the earlier one) in one transaction with one change-log
entry summarising the run.

The panel is built from `Incident.objects.visible_to(user)` only, so a forecast never draws on incidents its
`built_by` user could not see (docs/forecasting.md, "Running forecasts for a mission").
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.geo.models import AdminArea
from peaceops.incidents.models import Incident

from .forecasting.model import MIN_HISTORY, HurdleModel
from .forecasting.panel import Panel, build_panel
from .forecasting.units import month_id, month_of, priogrid_gid, priogrid_neighbours
from .models import ForecastLevel, RiskForecast

MODEL_NAME = "peaceops-hurdle"
HORIZONS = tuple(range(1, 13))
ADMIN_LEVEL = {ForecastLevel.ADM1: 1, ForecastLevel.ADM2: 2}


class ForecastError(ValueError):
    """A run that cannot be made (no incidents, history too short)."""


@dataclass
class MissionPanel:
    """The fatalities panel of a mission at one level, with unit labels and (PRIO-GRID) neighbours."""

    panel: Panel
    labels: list
    neighbours: list | None
    incidents: int


def last_complete_month(today: dt.date | None = None) -> int:
    """ViEWS month id of the month before today's."""
    return month_of(today or timezone.now().date()) - 1


def mission_panel(mission, user, level: str, origin_month: int) -> MissionPanel:
    """Fatalities (sum of the casualties' killed_best) per unit and month, from the incidents `user` may see
    in `mission`, from January of the first incident's year through `origin_month`."""
    incidents = (Incident.objects.visible_to(user).filter(mission=mission)
                 .annotate(killed=Coalesce(Sum("casualties__killed_best"), 0))
                 .values_list("occurred_start", "occurred_end", "killed", "admin1_id", "admin2_id", "lon", "lat"))
    rows = list(incidents)
    if not rows:
        raise ForecastError("no incidents visible to this user in the mission")
    start = np.array([month_of(r[0].date()) for r in rows], dtype=np.int64)
    end = np.array([month_of(r[1].date()) for r in rows], dtype=np.int64)
    killed = np.array([r[2] for r in rows], dtype=float)
    neighbours = None
    if level == ForecastLevel.PRIOGRID:
        keys = priogrid_gid(np.array([r[6] for r in rows]), np.array([r[5] for r in rows]))
        cells = np.unique(keys)
        rows_, cols = np.divmod(cells - 1, 720)
        around = [(rows_ + dr) * 720 + (cols + dc) % 720 + 1 for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
        units = np.unique(np.concatenate(around))
        labels = [f"PRIO-GRID {gid}" for gid in units]
        neighbours = priogrid_neighbours(units)
    else:
        column = 3 if level == ForecastLevel.ADM1 else 4
        keys = np.array([r[column] or 0 for r in rows], dtype=np.int64)
        areas = list(AdminArea.objects.filter(mission=mission, level=ADMIN_LEVEL[level])
                     .order_by("pk").values_list("pk", "name"))
        if not areas:
            raise ForecastError(f"the mission has no admin areas of level {ADMIN_LEVEL[level]}")
        units = np.array([pk for pk, _ in areas], dtype=np.int64)
        labels = [name for _, name in areas]
    first_month = int(month_id(int((start.min() - 1) // 12) + 1980, 1))
    if origin_month - first_month + 1 < MIN_HISTORY + 2:
        raise ForecastError("too little history before the origin month to fit the model")
    panel = build_panel(keys, start, end, killed, units, first_month, origin_month, whole=True)
    return MissionPanel(panel, labels, neighbours, len(rows))


def forecast_rows(data: MissionPanel, max_iter: int = 120, seed: int = 0, advance=lambda: None) -> list[dict]:
    """Fit the model on the whole panel and summarise its samples for horizons 1..12, one dict per unit and
    horizon: p10, p50, p90, mean, prob_1, prob_25."""
    model = HurdleModel(horizons=HORIZONS, neighbours=data.neighbours, seed=seed, max_iter=max_iter)
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
                 progress=None) -> dict:
    """Build the panel from what `user` sees, fit, and store 12 months of forecasts per unit, replacing an
    earlier run for the same mission, level and origin. Returns a summary of the run."""
    level = ForecastLevel(level)
    origin_month = last_complete_month() if origin_month is None else int(origin_month)
    data = mission_panel(mission, user, level, origin_month)
    advance = progress(1 + len(HORIZONS)) if progress else (lambda: None)
    rows = forecast_rows(data, max_iter=max_iter, advance=advance)
    now = timezone.now()
    sight = sight_of(user, mission.pk)
    admin = level != ForecastLevel.PRIOGRID
    objects = [RiskForecast(
        mission=mission, level=level, unit_key=str(r["unit"]), unit_label=r["label"],
        admin_area_id=int(r["unit"]) if admin else None, origin_month=origin_month,
        target_month=r["target_month"], horizon=r["horizon"], p10=r["p10"], p50=r["p50"], p90=r["p90"],
        mean=r["mean"], prob_1=r["prob_1"], prob_25=r["prob_25"], model_name=MODEL_NAME, built_by=user,
        created_at=now, built_sight=sight) for r in rows]
    summary = {"mission": mission.code, "level": level.value, "origin_month": origin_month,
               "units": len(data.panel.units), "horizons": len(HORIZONS), "forecasts": len(objects),
               "incidents": data.incidents, "model": MODEL_NAME, "built_by": user.username}
    with transaction.atomic():
        earlier = RiskForecast.objects.filter(mission=mission, level=level, origin_month=origin_month)
        replaced = earlier.count()
        earlier.delete()
        created = RiskForecast.objects.bulk_create(objects, batch_size=2000)
        first = created[0] if created[0].pk else RiskForecast.objects.filter(
            mission=mission, level=level, origin_month=origin_month).order_by("pk").first()
        log_change(action=ChangeAction.CREATE, obj=first, acting_user=user,
                   before={"forecasts": replaced} if replaced else None, after=summary,
                   reason=f"forecast run ({level.value}, origin month {origin_month})")
    summary["replaced"] = replaced
    return summary


def sight_of(user, mission_id: int) -> dict:
    """What a user sees in a mission, as stored with a run: a forecast is aggregate data derived from the
    incidents its builder could see, so it may only be shown to someone who sees at least as much."""
    profile = access_profile(user)
    access = profile.in_mission(mission_id)
    return {"superuser": profile.superuser,
            "organisations": sorted(access.organisation_ids) if access and access.can_view else [],
            "strictly": bool(access and access.can_view and access.strictly_confidential)}


def may_read(sight: dict, reader, mission_id: int) -> bool:
    """Whether `reader` sees every incident the run's builder saw: the incidents a user sees in a mission grow
    with their organisations and their strictly-confidential permission, so a superset of both suffices."""
    mine = sight_of(reader, mission_id)
    if mine["superuser"]:
        return True
    if sight.get("superuser") or not mine["organisations"]:
        return False
    return (set(sight.get("organisations", [])) <= set(mine["organisations"])
            and (mine["strictly"] or not sight.get("strictly")))


def latest_run(mission, level: str, reader):
    """The forecasts of the latest run of a mission at a level that `reader` may read (see `may_read`): a
    queryset, empty when none."""
    runs = (RiskForecast.objects.filter(mission=mission, level=level).order_by("-origin_month")
            .values_list("origin_month", "built_sight").distinct())
    origin = next((o for o, sight in runs if may_read(sight or {}, reader, mission.pk)), -1)
    return RiskForecast.objects.filter(mission=mission, level=level, origin_month=origin)

"""Loading the demo missions: organisations, people, boundaries, gazetteer and incidents, all through
the service functions.

`load_unmik()` builds UNMIK (Kosovo) with synthetic incidents; `load_minusca()` builds MINUSCA (Central
African Republic) with the real UCDP GED events and a risk forecast by prefecture built from them. Both are idempotent: running them again creates nothing new.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from peaceops.core.progress import progress_bar
from peaceops.core.services import create_mission

from .alerts import ensure_alerts
from .conduct import ensure_conduct
from .geography import kosovo_geography
from .messaging import ensure_messaging
from .operations import ensure_operations
from .organisations import (
    MINUSCA_ORGANISATIONS,
    UNMIK_ORGANISATIONS,
    ensure_organisations,
    ensure_participations,
)
from .scenario import DEFAULT_COUNT, DEFAULT_SEED, EXTERNAL_ID, ScenarioGenerator
from .sharing import ensure_unmik_sharing
from .sites import load_sites
from .users import MINUSCA_LOGINS, UNMIK_LOGINS, DemoLogin, ensure_loader, ensure_logins, loader_account

DATA = Path(__file__).resolve().parent / "data"
BOUNDARIES = DATA / "boundaries"
GAZETTEER = DATA / "gazetteer" / "geonames_XK_2012.csv.gz"
KOSOVO_NAMES = BOUNDARIES / "kosovo_names.json"
UNMIK_NAMED_PLACES = DATA / "named_places" / "unmik_named_places.json"
KOSOVO_BOUNDARIES = [(0, "cgaz_XKX_ADM0.geojson"), (1, "cgaz_XKX_ADM1.geojson"), (2, "cgaz_XKX_ADM2.geojson")]
CAR_BOUNDARIES = [(1, "cgaz_CAF_ADM1.geojson"), (2, "cgaz_CAF_ADM2.geojson")]
UCDP_CAR = DATA / "ucdp" / "ged231_car_1991_2020.csv.gz"
#: The demo login whose visible incidents MINUSCA's demo risk forecast is built from (a JMAC analyst).
FORECAST_BUILDER = "minusca.analyst"
#: Incidents written per import batch (one transaction each).
BATCH_SIZE = 500


@dataclass
class MissionLoad:
    """What loading one demo mission did, in lines a person reads, and the logins it offers."""

    code: str
    lines: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)


def _quiet(message: str) -> None:
    pass


def _load_boundaries(mission, files, *, loader, names, progress, report: MissionLoad, say) -> None:
    from peaceops.geo.loaders import load_boundaries

    for level, filename in files:
        say(f"{mission.code}: boundaries, level {level}")
        result = load_boundaries(
            BOUNDARIES / filename,
            mission=mission,
            level=level,
            acting_user=loader,
            names=names,
            progress=progress,
        )
        report.lines.append(
            f"boundaries level {level} ({filename}): {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged"
        )


def load_unmik(
    *,
    incidents: int = DEFAULT_COUNT,
    today: dt.date | None = None,
    seed: int = DEFAULT_SEED,
    progress: bool = False,
    say: Callable[[str], None] = _quiet,
) -> MissionLoad:
    """UNMIK with its partners, one login per role, Kosovo's boundaries and gazetteer, and `incidents`
    synthetic incidents over the two years before `today` (default: today, UTC)."""
    from peaceops.geo.loaders import load_gazetteer
    from peaceops.geo.named import load_named_places

    report = MissionLoad("UNMIK")
    say("UNMIK: organisations and people")
    account = loader_account()
    orgs = ensure_organisations(UNMIK_ORGANISATIONS, acting_user=account)
    mission = create_mission(
        code="UNMIK",
        name="United Nations Interim Administration Mission in Kosovo",
        country_iso3="XKX",
        acting_user=account,
    )
    ensure_participations(mission, orgs, acting_user=account)
    loader = ensure_loader(mission, orgs["UNMIK"], reports_for=[orgs["KFOR"], orgs["KP"]])
    report.logins = ensure_logins(
        UNMIK_LOGINS, missions={"UNMIK": mission}, organisations=orgs, acting_user=loader
    )
    names = json.loads(KOSOVO_NAMES.read_text(encoding="utf-8"))
    _load_boundaries(
        mission, KOSOVO_BOUNDARIES, loader=loader, names=names, progress=progress, report=report, say=say
    )
    report.lines.append(load_sites(mission, orgs["UNMIK"], acting_user=loader))
    report.lines.append(ensure_messaging(mission, acting_user=loader))
    say("UNMIK: gazetteer (GeoNames)")
    result = load_gazetteer(GAZETTEER, acting_user=loader, progress=progress)
    report.lines.append(
        f"gazetteer: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.rejected} rejected"
    )
    named = load_named_places(UNMIK_NAMED_PLACES, mission=mission, acting_user=loader)
    report.lines.append(f"named places: {named.created} created, {named.updated} updated, "
                        f"{named.unchanged} unchanged, {len(named.errors)} rejected")
    say(f"UNMIK: {incidents} synthetic incidents")
    counts = write_scenario(
        mission,
        loader,
        orgs,
        count=incidents,
        today=today or timezone.now().date(),
        seed=seed,
        progress=progress,
    )
    report.lines.append("synthetic incidents: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    say("UNMIK: community alerts")  # after the incidents: an alert's priority counts those near it
    report.lines.append(ensure_alerts(mission, watch_officer=get_user_model().objects.get(username="unmik.watch")))
    say("UNMIK: force registry and operations")
    day = today or timezone.now().date()  # the demo's today: its patrols are yesterday's, today's and tonight's
    report.lines += ensure_operations(mission, orgs, acting_user=loader,
                                      watch_officer=get_user_model().objects.get(username="unmik.watch"),
                                      now=dt.datetime.combine(day, timezone.now().timetz()))
    say("UNMIK: conduct and discipline")
    users = get_user_model().objects.in_bulk(["unmik.conduct", "unmik.conduct2", "kfor.reporter"],
                                             field_name="username")
    report.lines += ensure_conduct(mission, orgs, officer=users["unmik.conduct"], chief=users["unmik.conduct2"],
                                   referrer=users["kfor.reporter"], now=dt.datetime.combine(day, timezone.now().timetz()))
    # After the scenario, so the agreement releases only what people report from now on.
    report.lines += ensure_unmik_sharing(mission, orgs, acting_user=loader)
    return report


def write_scenario(
    mission, loader, orgs, *, count: int, today: dt.date, seed: int = DEFAULT_SEED, progress: bool = False
) -> dict[str, int]:
    """Generate the scenario and write it through `import_batch`, one owning organisation per batch.

    Source ids are matched within their owner's numbering, and the same synthetic incident may be drawn for
    another organisation on another day: an incident already loaded stays with the organisation that owns it
    (its batch), so that a reload moves the same incidents instead of adding new ones."""
    from peaceops.incidents.services import import_batch

    counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    generator = ScenarioGenerator(kosovo_geography(mission), today=today, seed=seed)
    pending: dict[str, list] = {}
    rejected: list[str] = []

    def flush(owner: str) -> None:
        rows = pending.pop(owner, [])
        if not rows:
            return
        result = import_batch(
            rows, acting_user=loader, mission=mission, owner=orgs[owner], reason="demo scenario (synthetic)"
        )
        counts["created"] += result.created
        counts["updated"] += result.updated
        counts["unchanged"] += result.unchanged
        counts["rejected"] += len(result.rejected)
        rejected.extend(f"{rows[pos].external_id}: {why}" for pos, why in result.rejected)

    loaded = _synthetic_owners(mission, orgs)
    with progress_bar("Synthetic incidents", count, enabled=progress) as bar:
        for incident in generator.generate(count):
            owner = loaded.get(incident.data.external_id, incident.owner)
            pending.setdefault(owner, []).append(incident.data)
            if len(pending[owner]) >= BATCH_SIZE:
                flush(owner)
            bar.advance()
        for owner in sorted(pending):
            flush(owner)
    if rejected:
        raise RuntimeError("the scenario produced rejected incidents (a bug): " + "; ".join(rejected[:5]))
    return counts


#: What every synthetic incident's external id starts with.
SYNTHETIC_PREFIX = EXTERNAL_ID.split("{", 1)[0]


def _synthetic_owners(mission, orgs) -> dict[str, str]:
    """The owning organisation's code by external id of the synthetic incidents already in the mission."""
    from peaceops.incidents.models import Incident

    codes = {org.pk: code for code, org in orgs.items()}
    return {external_id: codes[owner_id] for external_id, owner_id in Incident.objects.filter(
        mission=mission, external_id__startswith=SYNTHETIC_PREFIX).values_list("external_id", "owner_id").iterator()
        if owner_id in codes}


def load_minusca(*, progress: bool = False, say: Callable[[str], None] = _quiet) -> MissionLoad:
    """MINUSCA with OCHA, its logins, the Central African Republic's boundaries and the real UCDP GED events
    1991-2020 (Uppsala Conflict Data Program, CC BY 4.0)."""
    from peaceops.incidents.importing import import_incidents

    report = MissionLoad("MINUSCA")
    say("MINUSCA: organisations and people")
    account = loader_account()
    orgs = ensure_organisations(MINUSCA_ORGANISATIONS, acting_user=account)
    mission = create_mission(
        code="MINUSCA",
        name="United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic",
        country_iso3="CAF",
        acting_user=account,
    )
    ensure_participations(mission, orgs, acting_user=account)
    loader = ensure_loader(mission, orgs["MINUSCA"])
    report.logins = ensure_logins(
        MINUSCA_LOGINS, missions={"MINUSCA": mission}, organisations=orgs, acting_user=loader
    )
    _load_boundaries(
        mission, CAR_BOUNDARIES, loader=loader, names=None, progress=progress, report=report, say=say
    )
    report.lines.append(load_sites(mission, orgs["MINUSCA"], acting_user=loader))
    say("MINUSCA: UCDP GED events 1991-2020")
    result = import_incidents(
        UCDP_CAR,
        format="ucdp-ged",
        mission=mission,
        acting_user=loader,
        owner=orgs["MINUSCA"],
        progress=progress,
    )
    report.lines.append(
        f"UCDP GED events: {result.read} read, {result.created} created, {result.updated} "
        f"updated, {result.unchanged} unchanged, {result.rejected} rejected"
    )
    report.lines += [f"  rejected line {line}: {reason}" for line, reason in result.rejects[:5]]
    say("MINUSCA: risk forecast by prefecture (admin 1)")
    report.lines.append(forecast_for_demo(mission, FORECAST_BUILDER))
    return report


def forecast_for_demo(mission, username: str, level: str = "adm1") -> str:
    """Store a risk forecast run of the mission at `level` built as the demo user `username`, with data through
    the month of the last incident they see (the real events end in 2020), unless that run is stored already.
    Returns a line for the summary, with the time the run took."""
    import time

    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from peaceops.analytics.forecasting.units import month_of
    from peaceops.analytics.models import RiskForecast
    from peaceops.analytics.services import ForecastError, run_forecast
    from peaceops.incidents.models import Incident

    user = get_user_model().objects.get(username=username)
    last = Incident.objects.visible_to(user).filter(mission=mission).aggregate(last=Max("occurred_start"))["last"]
    if last is None:
        return f"risk forecast ({level}): no incidents visible to {username}"
    origin = month_of(last.date())
    if RiskForecast.objects.filter(mission=mission, level=level, origin_month=origin).exists():
        return f"risk forecast ({level}, data through {last:%Y-%m}): already stored"
    started = time.monotonic()
    try:
        # run_forecast fits on PEACEOPS_FORECAST_THREADS threads (one by default): the boosted trees' OpenMP
        # threads spin badly when the machine is busy (measured: 134 s with the default threads on a loaded
        # 2-core machine, 10 s with one; docs/user/demo.md).
        summary = run_forecast(mission=mission, user=user, level=level, origin_month=origin)
    except ForecastError as error:
        return f"risk forecast ({level}): not made: {error}"
    return (f"risk forecast ({level}, data through {last:%Y-%m}, built by {username}): {summary['forecasts']} "
            f"forecasts for {summary['units']} units in {time.monotonic() - started:.1f} s")


LOADERS: dict[str, Callable[..., MissionLoad]] = {"UNMIK": load_unmik, "MINUSCA": load_minusca}

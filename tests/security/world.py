"""The seeded world the security tests judge access against: every classification x releasability combination.

Mission UNMIK with organisations UNMIK, KFOR and OSCE; each organisation owns one incident of every
classification (PUBLIC, CONFIDENTIAL, STRICTLY CONFIDENTIAL) released to nobody and one released to a
partner (UNMIK's to KFOR, KFOR's to UNMIK, OSCE's to KFOR): 18 incidents. An unrelated mission, MINUSCA,
has its own organisation, user and two incidents. All incidents happened yesterday at noon at the same spot,
so every read path (list, map, dashboard, situation report, duplicates, live feed) covers all of them.
UNMIK also holds one stored risk forecast run, built by its viewer (`seed_risk_run`).

The actors are the users the matrix tries every route with; `Seen.sees()` is the rule of visibility written
here independently of `visible_to()`, so the tests compare the application against it.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.management import call_command
from django.utils import timezone

from peaceops.core.choices import Role
from peaceops.core.services import grant_role
from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.services import create_incident
from peaceops.testing.world import build_kit_world
from tests.factories import member

CLASSIFICATIONS = ("PUBLIC", "CONFIDENTIAL", "STRICTLY_CONFIDENTIAL")
#: Owner -> the partner its "released" records go to.
RELEASED_TO = {"UNMIK": "KFOR", "KFOR": "UNMIK", "OSCE": "KFOR"}
SPOT = (20.8671, 42.8914)

#: Every user a route is tried with: the mission's own roles, a partner, an outsider, nobody, a token.
MEMBERS = ("viewer", "reporter", "analyst", "watch", "admin", "sc")
ACTORS = MEMBERS + ("partner", "outsider", "anonymous", "token")
#: The actors as the seeded world's users (its role keys), and their usernames.
ACTOR_ROLES = {"viewer": "viewer", "reporter": "reporter", "analyst": "analyst", "watch": "watch_officer",
               "admin": "mission_admin", "sc": "strictly_confidential_reader", "partner": "partner",
               "outsider": "outsider"}
USERNAMES = {role: f"sec-{actor}" for actor, role in ACTOR_ROLES.items()} | {
    "partner": "sec-kfor", "outsider": "sec-minusca", "superuser": "sec-seeder"}
ORGS = {"owner": "UNMIK", "partner": "KFOR", "unrelated": "OSCE", "outsiders": "MINUSCA"}


#: The API's path parameter naming a record -> the kind of seeded record that fills it (the fuzzing tests).
PATH_KINDS = {
    "incident_id": "incident", "site_id": "site", "alert_id": "alert", "focalpoint_id": "focalpoint",
    "contingent_id": "contingent", "unit_id": "unit", "contribution_id": "contribution",
    "patrolroute_id": "patrolroute", "patrol_id": "patrol", "checkpointshift_id": "checkpointshift",
    "riskassessment_id": "riskassessment", "trainingcompletion_id": "trainingcompletion",
    "preventionmeasure_id": "preventionmeasure",
}
#: The targets of every kind of the force registry and operations: UNMIK's record seen by its members only, the
#: one released to KFOR (a patrol: joint with KFOR) and the STRICTLY CONFIDENTIAL one; and one of MINUSCA.
TARGETS = (("UNMIK", "CONFIDENTIAL", ()), ("UNMIK", "CONFIDENTIAL", ("KFOR",)),
           ("UNMIK", "STRICTLY_CONFIDENTIAL", ()), ("MINUSCA", "CONFIDENTIAL", ()))


@dataclass(frozen=True)
class Seeded:
    """One seeded incident and who holds it."""

    id: str
    mission: str
    owner: str
    classification: str
    released_to: tuple[str, ...]

    @property
    def name(self) -> str:
        release = "+".join(self.released_to) or "none"
        return f"{self.mission}/{self.owner}/{self.classification}/{release}"


@dataclass(frozen=True)
class Seen:
    """What an actor is, for computing what they may see."""

    missions: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    strictly: bool = False

    def sees(self, record: Seeded) -> bool:
        if record.mission not in self.missions:
            return False
        if record.classification == "PUBLIC":
            return True
        if record.classification == "STRICTLY_CONFIDENTIAL" and not self.strictly:
            return False
        return record.owner in self.orgs or bool(self.orgs & set(record.released_to))


#: The seeded risk forecast run (UNMIK, PRIO-GRID, built by the viewer): its cells, and who may read it.
RISK_CELLS = 2
RISK_READERS = MEMBERS + ("token",)

_UNMIK = Seen(frozenset({"UNMIK"}), frozenset({"UNMIK"}))
SEEN = {
    "viewer": _UNMIK, "reporter": _UNMIK, "analyst": _UNMIK, "watch": _UNMIK, "token": _UNMIK,
    "admin": Seen(frozenset({"UNMIK"}), frozenset({"UNMIK"}), strictly=True),
    "sc": Seen(frozenset({"UNMIK"}), frozenset({"UNMIK"}), strictly=True),
    "partner": Seen(frozenset({"UNMIK"}), frozenset({"KFOR"})),
    "outsider": Seen(frozenset({"MINUSCA"}), frozenset({"MINUSCA"})),
    "anonymous": Seen(),
}


@dataclass
class SecurityWorld:
    users: dict
    token: str
    missions: dict
    records: list[Seeded] = field(default_factory=list)
    when: dt.datetime | None = None
    sites: list[Seeded] = field(default_factory=list)  # deployment sites, seeded like the incidents
    conflicts: dict = field(default_factory=dict)  # open edit conflicts by label (seed_conflicts)
    notices: dict = field(default_factory=dict)  # the watch officer's notification and alert rule (seed_notices)
    #: The incident proposed as related to UNMIK's own patrol, led by the reporter (seed_operations).
    proposal: int | None = None
    #: UNMIK's community alerts and focal points (seed_alerts): targets of their routes only (no list scope).
    alerts: list[Seeded] = field(default_factory=list)
    focal_points: list[Seeded] = field(default_factory=list)
    #: Every other record kind (its model name: "contingent", "patrol"...) -> its seeded records (seed_force,
    #: seed_operations); a new kind adds its list here, and a line to PATH_KINDS.
    kinds: dict[str, list[Seeded]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Seeded]:
        if kind in self.kinds:
            return self.kinds[kind]
        return {"site": self.sites, "alert": self.alerts, "focalpoint": self.focal_points}.get(kind, self.records)

    def path_ids(self, released: bool = False) -> dict[str, str]:
        """An UNMIK CONFIDENTIAL record of every kind by the API's path parameter naming it (PATH_KINDS); released
        to KFOR when `released` (a route about releases)."""
        return {name: self.record(kind=kind, released=released).id for name, kind in PATH_KINDS.items()}

    def record(self, mission="UNMIK", owner="UNMIK", classification="CONFIDENTIAL", released=False,
               kind="incident") -> Seeded:
        wanted = (RELEASED_TO[owner],) if released else ()
        return next(r for r in self.of_kind(kind)
                    if (r.mission, r.owner, r.classification, r.released_to) == (mission, owner, classification, wanted))

    def visible_ids(self, actor: str, kind: str = "incident") -> set[str]:
        return {r.id for r in self.of_kind(kind) if SEEN[actor].sees(r)}

    def risk_rows(self, actor: str, per_unit: int = 1) -> int:
        """How many rows of the seeded risk forecast run an actor may read (`per_unit` rows per cell): all
        of them for UNMIK's own organisation (who see at least what the run's builder, the viewer, saw)."""
        return RISK_CELLS * per_unit if actor in RISK_READERS else 0

    def received_ids(self, organisation: str, mission: str = "UNMIK", kind: str = "incident") -> set[str]:
        """What an organisation receives in a mission (its partner feed, before the puller's own access):
        PUBLIC records (of `kind`), and those it owns or that are released to it, whatever their classification."""
        return {r.id for r in self.of_kind(kind) if r.mission == mission and (
            r.classification == "PUBLIC" or r.owner == organisation or organisation in r.released_to)}


def seed_incident(acting_user, mission, owner, classification, released_to, when, title=None) -> str:
    data = IncidentData(
        title=title or f"Seeded {owner} {classification} released to {'+'.join(released_to) or 'none'}",
        occurred_start=when, lon=SPOT[0], lat=SPOT[1], location_name="Mitrovica bridge",
        category_path="mission/inter-ethnic", classification=classification, releasable_to=list(released_to),
    )
    return str(create_incident(acting_user=acting_user, mission=mission, owner=owner, data=data).pk)


def build_security_world() -> SecurityWorld:
    """The one seeded world (peaceops.testing.world) as UNMIK, KFOR, OSCE and MINUSCA, with the actors, the 20
    incidents and the 19 sites of every classification and release, through the services."""
    base = build_kit_world("UNMIK", other="MINUSCA", unrelated_role=None, outsider_role=Role.REPORTER,
                           partner_in_other=False, orgs=ORGS,
                           usernames=USERNAMES)
    unmik, minusca, org = base.mission, base.other_mission, base.orgs
    users = {key: base.users[role] for key, role in ACTOR_ROLES.items()}
    grant_role(user=users["sc"], mission=unmik, organisation=org["UNMIK"], role=Role.VIEWER)
    users["token"] = member(unmik, org["UNMIK"], Role.WATCH_OFFICER, username="sec-machine")
    out = io.StringIO()
    call_command("create_token", "sec-machine", "--name", "security-matrix", stdout=out, stderr=io.StringIO())
    seeder = base.users["superuser"]
    when = (timezone.now() - dt.timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)
    world = SecurityWorld(users=users, token=out.getvalue().strip(), missions={"UNMIK": unmik, "MINUSCA": minusca},
                          when=when)
    for owner, partner in RELEASED_TO.items():
        for classification in CLASSIFICATIONS:
            for released in ((), (partner,)):
                pk = seed_incident(seeder, unmik, org[owner], classification, released, when)
                world.records.append(Seeded(pk, "UNMIK", owner, classification, released))
    for classification in ("PUBLIC", "CONFIDENTIAL"):
        pk = seed_incident(seeder, minusca, org["MINUSCA"], classification, (), when)
        world.records.append(Seeded(pk, "MINUSCA", "MINUSCA", classification, ()))
    seed_risk_run(unmik, users["viewer"])
    seed_sites(world, seeder, org)
    seed_alerts(world, seeder, org)
    seed_force(world, seeder, org)
    seed_operations(world, seeder, org)
    seed_prevention(world, seeder, org)
    seed_conflicts(world)
    seed_photos(world, seeder)
    seed_notices(world)
    return world


def seed_notices(world: SecurityWorld) -> None:
    """The watch officer's in-app notification and alert rule (on deployment sites): theirs alone to open,
    pause or delete."""
    from peaceops.notices.models import Subscription
    from peaceops.notices.services import notify

    watch = world.users["watch"]
    world.notices["notification"] = notify(watch, kind="rule", text="A new site", url="/sites/").pk
    world.notices["rule"] = Subscription.objects.create(user=watch, mission=world.missions["UNMIK"],
                                                        record_type="sites.site").pk


def seed_conflicts(world: SecurityWorld) -> None:
    """An open edit conflict on UNMIK's CONFIDENTIAL incident (by the reporter), on the one released to KFOR (by
    the reporter) and on the STRICTLY CONFIDENTIAL one (by the mission administrator), as a stale edit of the
    title stores it (core.kit.conflicts)."""
    from peaceops.core.kit.conflicts import Merge, open_conflict
    from peaceops.incidents.models import Incident

    targets = {"unmik-only": ("reporter", {}), "to-kfor": ("reporter", {"released": True}),
               "strict": ("admin", {"classification": "STRICTLY_CONFIDENTIAL"})}
    for label, (author, target) in targets.items():
        incident = Incident.objects.get(pk=world.record(**target).id)
        merge = Merge(conflicting={"title": {"base": "before", "mine": "mine", "current": incident.title}})
        world.conflicts[label] = open_conflict(incident, acting_user=world.users[author], base_version="1",
                                               merge=merge).pk


def photo_upload(name: str = "seeded.png"):
    """A small PNG, as a form or the API uploads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "grey").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def seed_photos(world: SecurityWorld, seeder) -> None:
    """One photo attached to each of UNMIK's seeded incidents, sites, alerts and focal points (the matrix's
    "@attachment")."""
    from peaceops.alerts.models import Alert, FocalPoint
    from peaceops.alerts.services import AlertService, FocalPointService
    from peaceops.incidents.models import Incident
    from peaceops.incidents.services import IncidentService
    from peaceops.sites.models import Site
    from peaceops.sites.services import SiteService

    for service, model, seeded in ((IncidentService(), Incident, world.records), (SiteService(), Site, world.sites),
                                   (AlertService(), Alert, world.alerts),
                                   (FocalPointService(), FocalPoint, world.focal_points)):
        for record in seeded:
            if record.owner == "UNMIK":
                service.attach(model.objects.get(pk=record.id), [photo_upload()], acting_user=seeder)


def seed_alerts(world: SecurityWorld, seeder, org) -> None:
    """UNMIK's community alerts and focal points: CONFIDENTIAL, CONFIDENTIAL released to KFOR and STRICTLY
    CONFIDENTIAL, each. Their words hold no "i", so the search matrix's query ("i") finds none of them."""
    from peaceops.alerts.services import AlertService, FocalPointService

    unmik, owner = world.missions["UNMIK"], org["UNMIK"]
    for n, (classification, released) in enumerate((("CONFIDENTIAL", ()), ("CONFIDENTIAL", ("KFOR",)),
                                                     ("STRICTLY_CONFIDENTIAL", ()))):
        alert = AlertService().create(acting_user=seeder, mission=unmik, owner=owner, data={
            "text": f"Alert number {n}: armed men on the road", "channel": "phone", "lon": SPOT[0], "lat": SPOT[1],
            "reporter_name": "Arben", "reporter_phone": "+38344123456", "classification": classification,
            "releasable_to": list(released)})
        world.alerts.append(Seeded(str(alert.pk), "UNMIK", "UNMIK", classification, released))
        point = FocalPointService().create(acting_user=seeder, mission=unmik, owner=owner, data={
            "name": f"Focal {n}", "phone": "+38349555111", "classification": classification,
            "releasable_to": list(released)})
        world.focal_points.append(Seeded(str(point.pk), "UNMIK", "UNMIK", classification, released))


def seed_sites(world: SecurityWorld, seeder, org) -> None:
    """One deployment site per owner x classification x release (as the incidents), and one in MINUSCA."""
    from peaceops.sites.services import SiteService

    service, unmik = SiteService(), world.missions["UNMIK"]
    for owner, partner in RELEASED_TO.items():
        for classification in CLASSIFICATIONS:
            for released in ((), (partner,)):
                site = service.create(acting_user=seeder, mission=unmik, owner=org[owner], data={
                    "name": f"Site {owner} {classification} {'+'.join(released) or 'none'}", "lon": SPOT[0],
                    "lat": SPOT[1], "classification": classification, "releasable_to": list(released)})
                world.sites.append(Seeded(str(site.pk), "UNMIK", owner, classification, released))
    site = service.create(acting_user=seeder, mission=world.missions["MINUSCA"], owner=org["MINUSCA"],
                          data={"name": "Bangui", "lon": 18.56, "lat": 4.39, "classification": "CONFIDENTIAL"})
    world.sites.append(Seeded(str(site.pk), "MINUSCA", "MINUSCA", "CONFIDENTIAL", ()))


def seed_risk_run(mission, builder) -> None:
    """A stored risk forecast run (12 months of two PRIO-GRID cells at the seeded spot) as `peaceops forecast
    run` stores it, built by `builder` (written directly: the seeded history is one day, too short to fit)."""
    from django.contrib.auth import get_user_model

    from peaceops.analytics.forecasting.units import month_of, priogrid_gid
    from peaceops.analytics.models import RiskForecast
    from peaceops.analytics.services import sight_of

    origin = month_of(timezone.now().date()) - 1
    sight = sight_of(get_user_model().objects.get(pk=builder.pk), mission.pk)
    first = int(priogrid_gid(SPOT[1], SPOT[0]))
    RiskForecast.objects.bulk_create([
        RiskForecast(mission=mission, level="priogrid", unit_key=str(gid), unit_label=f"PRIO-GRID {gid}",
                     origin_month=origin, target_month=origin + h, horizon=h, p10=0, p50=1, p90=4, mean=1.5,
                     prob_1=0.5, prob_25=0.01, model_name="peaceops-hurdle", built_by=builder,
                     created_at=timezone.now(), built_sight=sight)
        for gid in (first, first + 1) for h in range(1, 13)])


def _seed_kind(world: SecurityWorld, kind: str, service, seeder, org, data) -> None:
    """The TARGETS of one kind through its service (`data(n, mission)`: the record's fields), a photo on UNMIK's."""
    world.kinds[kind] = []
    for n, (mission, classification, released) in enumerate(TARGETS):
        record = service.create(acting_user=seeder, mission=world.missions[mission], owner=org[mission], data={
            **data(n, mission), "classification": classification, "releasable_to": list(released)})
        if mission == "UNMIK":
            service.attach(record, [photo_upload()], acting_user=seeder)
        world.kinds[kind].append(Seeded(str(record.pk), mission, mission, classification, released))


def seed_force(world: SecurityWorld, seeder, org) -> None:
    """The force registry's targets: contingents (named "Contingent i"), units of the first contingent of their
    mission, contributions. Contingents and units are searched by name (every name holds an "i")."""
    from peaceops.force.services import ContingentService, ContributionService, UnitService

    _seed_kind(world, "contingent", ContingentService(), seeder, org, lambda n, mission: {
        "name": f"Contingent {n}", "country": "POL", "national_caveats": "No night patrols", "source_id": f"C-{n}"})
    # units of the STRICTLY CONFIDENTIAL contingent (C-2; MINUSCA's: C-3), which the matrix never deletes
    first = {"UNMIK": "C-2", "MINUSCA": "C-3"}
    _seed_kind(world, "unit", UnitService(), seeder, org, lambda n, mission: {
        "name": f"Unit {n}", "contingent": first[mission], "unit_type": "infantry_battalion"})
    _seed_kind(world, "contribution", ContributionService(), seeder, org, lambda n, mission: {
        "country": "POL", "country_name": "Poland", "un_mission": mission, "year": 2020 + n, "female": 10,
        "male": 90})  # the list links each by its country name


def seed_operations(world: SecurityWorld, seeder, org) -> None:
    """The operations' targets: saved routes, patrols (UNMIK's released one is a joint patrol with KFOR, released
    by the patrol service), and checkpoint shifts at a checkpoint of each mission (sites, PUBLIC: in world.sites)."""
    from peaceops.core.models import Organisation
    from peaceops.operations.services import CheckpointShiftService, PatrolRouteService, PatrolService
    from peaceops.sites.services import SiteService

    line = [[SPOT[0], SPOT[1]], [SPOT[0] + 0.01, SPOT[1] + 0.01]]
    _seed_kind(world, "patrolroute", PatrolRouteService(), seeder, org, lambda n, mission: {
        "name": f"Route {n}", "path": line, "notes": "Avoid the bridge"})
    kfor = Organisation.objects.get(code="KFOR").pk
    start = world.when.replace(hour=8)
    _seed_kind(world, "patrol", PatrolService(), seeder, org, lambda n, mission: {
        "name": f"Patrol {n} Mitrovica", "path": line, "planned_start": start,
        "planned_end": start + dt.timedelta(hours=4), "people_met": "The village elder",
        "joint_with": kfor if TARGETS[n][2] else None})
    # UNMIK's own patrol is led by the reporter, and a PUBLIC incident of UNMIK is proposed as related to it:
    # the leader or a mission administrator decides on it (policy_patrolrun.py)
    from peaceops.operations.models import IncidentProposal, Patrol

    own = world.kinds["patrol"][0]
    Patrol.objects.filter(pk=own.id).update(leader=world.users["reporter"])
    public = next(r for r in world.records if (r.mission, r.owner, r.classification, r.released_to)
                  == ("UNMIK", "UNMIK", "PUBLIC", ()))
    world.proposal = IncidentProposal.objects.create(patrol_id=own.id, incident_id=public.id, distance_m=120.0).pk
    checkpoints = {}
    for mission in ("UNMIK", "MINUSCA"):
        site = SiteService().create(acting_user=seeder, mission=world.missions[mission], owner=org[mission], data={
            "name": f"Checkpoint {mission}", "site_type": "checkpoint", "lon": SPOT[0], "lat": SPOT[1],
            "classification": "PUBLIC", "source_id": f"CP-{mission}"})
        world.sites.append(Seeded(str(site.pk), mission, mission, "PUBLIC", ()))
        checkpoints[mission] = site.pk
    _seed_kind(world, "checkpointshift", CheckpointShiftService(), seeder, org, lambda n, mission: {
        "site": checkpoints[mission], "started_at": start, "ended_at": start + dt.timedelta(hours=8),
        "vehicles_checked": 40, "notes": "Quiet", "weapons": [{"serial_number": f"AK-{n}", "weapon_type": "rifle"}]})


def seed_prevention(world: SecurityWorld, seeder, org) -> None:
    """Conduct's prevention targets: risk assessments at the checkpoints (seed_operations), training completions
    and measures of a PUBLIC unit of each mission (source id U-PREVENTION-<mission>, among the units' targets:
    the matrix deletes none of the PUBLIC ones)."""
    from peaceops.conduct.services import (
        PreventionMeasureService,
        RiskAssessmentService,
        TrainingCompletionService,
    )
    from peaceops.force.services import UnitService

    units = {}
    for mission, contingent in (("UNMIK", "C-2"), ("MINUSCA", "C-3")):
        unit = UnitService().create(acting_user=seeder, mission=world.missions[mission], owner=org[mission], data={
            "name": f"Unit prevention {mission}", "contingent": contingent, "source_id": f"U-PREVENTION-{mission}",
            "classification": "PUBLIC"})
        world.kinds["unit"].append(Seeded(str(unit.pk), mission, mission, "PUBLIC", ()))
        units[mission] = unit.pk
    _seed_kind(world, "riskassessment", RiskAssessmentService(), seeder, org, lambda n, mission: {
        "site": f"CP-{mission}", "assessed_on": world.when.date(), "poverty": 2, "notes": f"Assessment {n}"})
    _seed_kind(world, "trainingcompletion", TrainingCompletionService(), seeder, org, lambda n, mission: {
        "unit": units[mission], "as_of": world.when.date(), "trained": 10 + n, "strength": 100})
    _seed_kind(world, "preventionmeasure", PreventionMeasureService(), seeder, org, lambda n, mission: {
        "unit": units[mission], "kind": "curfew", "started_on": world.when.date(), "description": f"Curfew {n}"})

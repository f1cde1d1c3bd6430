"""The one seeded test world: who exists in tests (missions, organisations, people and their roles), the places
of the test missions, and what happened there (incidents described as plain tuples, and a two-year history a
forecast can be run on). Every test builds from here; nothing else in tests/ creates the world's people.

Two ways to build it, from the same tables:

- `mission()`, `organisation()`, `person()` and `people()` build named parts of the UNMIK world on demand (get or
  create: asking twice gives the same record). tests/conftest.py's `mission`, `orgs` and `people` fixtures are
  these; other packages' fixtures ask for the further people by name (`person("kfor_sc")`,
  `person("minusca-admin")`...). These people have the password `PASSWORD`.
- `build_kit_world()` builds a whole world at once: a mission with its owning organisation holding a member in
  every role, a partner it releases records to, an organisation nothing is released to and another mission.
  The generic record tests build it as "KIT" (peaceops.testing.records); the security tests build it as UNMIK,
  KFOR, OSCE and MINUSCA and seed records of every classification and release into it (tests/security/world.py);
  the API tests build it the same way and seed 200 random incidents into it (tests/api/world.py). Its users have
  no password (tests sign them in with force_login).

Every mission has the default incident categories. Everything is built through the services, as users would.
"""

import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from peaceops.core.choices import OrganisationType, Role
from peaceops.core.services import enrol_organisation, grant_role

#: The password of the people of `PEOPLE` (tests that sign in through the form type it).
PASSWORD = "correct horse battery staple"  # noqa: S105

#: The missions: code -> name.
MISSIONS = {
    "UNMIK": "UN Interim Administration Mission in Kosovo",
    "MINUSCA": "UN Multidimensional Integrated Stabilization Mission in CAR",
}
#: The organisations: code -> type. UNMIK owns the mission's records; KFOR (a military partner) and OSCE (a
#: regional organisation) take part in the mission and receive what is released to them; MINUSCA's own.
ORGANISATIONS = {
    "UNMIK": OrganisationType.UN_COMPONENT,
    "KFOR": OrganisationType.MILITARY_PARTNER,
    "OSCE": OrganisationType.REGIONAL_ORGANISATION,
    "MINUSCA": OrganisationType.UN_COMPONENT,
}
_SC = Role.STRICTLY_CONFIDENTIAL_READER
#: The people: username -> (mission, organisation, roles in that mission).
PEOPLE = {
    # UNMIK's own staff (the `people` fixture, with the partners' two below)
    "watch": ("UNMIK", "UNMIK", (Role.WATCH_OFFICER,)),
    "reporter": ("UNMIK", "UNMIK", (Role.REPORTER,)),
    "viewer": ("UNMIK", "UNMIK", (Role.VIEWER,)),
    "sc": ("UNMIK", "UNMIK", (Role.VIEWER, _SC)),  # a viewer with need-to-know
    "admin": ("UNMIK", "UNMIK", (Role.MISSION_ADMIN,)),
    "analyst": ("UNMIK", "UNMIK", (Role.ANALYST,)),  # reads community alerts, does not triage them
    "cdo": ("UNMIK", "UNMIK", (Role.VIEWER, Role.CONDUCT_OFFICER)),  # conduct and discipline: cases assigned
    "cdo2": ("UNMIK", "UNMIK", (Role.VIEWER, Role.CONDUCT_OFFICER)),  # a second conduct officer
    # the partners in UNMIK
    "kfor": ("UNMIK", "KFOR", (Role.REPORTER,)),
    "osce": ("UNMIK", "OSCE", (Role.VIEWER,)),
    "kfor_sc": ("UNMIK", "KFOR", (Role.VIEWER, _SC)),  # a KFOR liaison officer with need-to-know
    "kfor-liaison": ("UNMIK", "KFOR", (Role.REPORTER, _SC)),  # a cleared KFOR liaison pulling KFOR's feed
    # MINUSCA, the other mission
    "minusca-admin": ("MINUSCA", "MINUSCA", (Role.MISSION_ADMIN,)),
    "jmac": ("MINUSCA", "MINUSCA", (Role.ANALYST,)),  # a JMAC analyst: may import incidents for MINUSCA
    "minusca-watch": ("MINUSCA", "UNMIK", (Role.WATCH_OFFICER,)),  # an UNMIK officer seconded to MINUSCA
}
#: The people of the `people` fixture (tests/conftest.py).
EVERYDAY = ("watch", "reporter", "viewer", "sc", "admin", "kfor", "osce")


def mission(code: str = "UNMIK", name: str | None = None):
    """The mission `code` with the default incident categories (created on first use)."""
    from peaceops.core.models import Mission
    from peaceops.incidents.taxonomy import install_default_taxonomy

    found, created = Mission.objects.get_or_create(code=code, defaults={"name": name or MISSIONS.get(code, code)})
    if created:
        install_default_taxonomy(found)
    return found


def organisation(code: str):
    """The organisation `code` (created on first use)."""
    from peaceops.core.models import Organisation

    return Organisation.objects.get_or_create(
        code=code, defaults={"name": f"Organisation {code}", "type": ORGANISATIONS.get(code, OrganisationType.UN_COMPONENT)})[0]


def organisations(*codes: str) -> dict:
    """Organisations by code (default UNMIK, KFOR and OSCE)."""
    return {code: organisation(code) for code in codes or ("UNMIK", "KFOR", "OSCE")}


def person(username: str):
    """The person `username` of `PEOPLE`, holding their roles (their mission and organisation made if needed)."""
    mission_code, org_code, roles = PEOPLE[username]
    return member(mission(mission_code), organisation(org_code), *roles, username=username)


def people(*usernames: str) -> dict:
    """People by username (default: `EVERYDAY`)."""
    return {name: person(name) for name in usernames or EVERYDAY}


def member(mission, organisation, *roles: Role, username: str, password: str | None = PASSWORD):
    """A user `username` (created on first use) holding `roles` (default viewer) in `mission` for `organisation`."""
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password)
    for role in roles or (Role.VIEWER,):
        grant_role(user=user, mission=mission, organisation=organisation, role=role)
    return user


# -- Built once -----------------------------------------------------------------------------------------------

def built_once(django_db_blocker, build: Callable[[], object]) -> Iterator:
    """The body of a module-, class- or package-scoped fixture whose world its tests only read:

        @pytest.fixture(scope="module")
        def seeded(django_db_setup, django_db_blocker):
            yield from world.built_once(django_db_blocker, lambda: seed_world(world.mission(), world.people(), SEEDS))

    `build()` runs once (per pytest-xdist worker) inside a transaction, with tasks run at once as in every test;
    each test that asks for `db` runs in a savepoint of its own inside it, so what a test writes is gone for the
    next one; after the scope's last test the transaction is rolled back. The function-scoped `mission`, `orgs`
    and `people` fixtures give the same records (they get or create). Not for transactional tests."""
    from django.db import transaction
    from django.test import override_settings

    from peaceops.geo.index import AdminIndex

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
            built = build()
        try:
            yield built
        finally:
            transaction.set_rollback(True)
            AdminIndex.invalidate()


# -- Places ---------------------------------------------------------------------------------------------------

#: The test areas of the page and forecast tests: (region, municipality, min_lon, min_lat, max_lon, max_lat):
#: two square regions of two municipalities each.
AREAS = [
    ("West", "Westmark", 20.0, 42.0, 20.5, 42.5),
    ("West", "Northwest", 20.0, 42.5, 20.5, 43.0),
    ("East", "Eastfield", 20.5, 42.0, 21.0, 42.5),
    ("East", "Northeast", 20.5, 42.5, 21.0, 43.0),
]
#: Mitrovicë region (admin-1) holding the municipality Mitrovicë e Veriut (admin-2) around the default incident
#: point (`SPOT`), and a second municipality, Prishtinë, elsewhere: key -> (level, code, name, parent key, box).
MITROVICA = {
    "region": (1, "XK-MIT", "Mitrovicë", None, (20.5, 42.7, 21.2, 43.3)),
    "north": (2, "XK-MIT-N", "Mitrovicë e Veriut", "region", (20.8, 42.85, 20.95, 42.95)),
    "pristina": (2, "XK-PR", "Prishtinë", None, (21.1, 42.6, 21.25, 42.7)),
}
#: The point incidents happen at unless told otherwise (near the bridge in Mitrovica): (lon, lat).
SPOT = (20.8671, 42.8914)
CATEGORIES = ["mission/inter-ethnic", "mission/crime", "acled/battles/armed-clash",
              "organised-violence/state-based", ""]


def _square(min_lon, min_lat, max_lon, max_lat) -> str:
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _area(mission, level, code, name, parent, box, names=None):
    from peaceops.geo.models import AdminArea

    return AdminArea.objects.create(
        mission=mission, level=level, code=code, name=name, names=names or {}, parent=parent,
        geometry=_square(*box), min_lon=box[0], min_lat=box[1], max_lon=box[2], max_lat=box[3],
        centroid_lon=(box[0] + box[2]) / 2, centroid_lat=(box[1] + box[3]) / 2,
    )


def make_areas(mission) -> dict:
    """The four municipalities and two regions of `AREAS`, by name."""
    from peaceops.geo.index import AdminIndex

    areas: dict = {}
    for region in ("West", "East"):
        boxes = [a[2:] for a in AREAS if a[0] == region]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        areas[region] = _area(mission, 1, region.lower(), region, None, box, {"sq": f"{region} (sq)"})
    for region, name, *box in AREAS:
        areas[name] = _area(mission, 2, name.lower(), name, areas[region], tuple(box), {"sq": f"{name} (sq)"})
    AdminIndex.invalidate()
    return areas


def mitrovica_areas(mission, *keys: str) -> dict:
    """The areas of `MITROVICA` by key (default all three)."""
    from peaceops.geo.index import AdminIndex

    areas: dict = {}
    for key in keys or MITROVICA:
        level, code, name, parent, box = MITROVICA[key]
        areas[key] = _area(mission, level, code, name, areas.get(parent), box)
    AdminIndex.invalidate()
    return areas


# -- What happened there --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seed:
    """What one seeded incident is: enough to recompute any count the pages show."""

    occurred: dt.datetime
    category: str
    fatalities: int
    injured: int
    municipality: str | None  # None: outside every area
    classification: str
    owner: str  # organisation code of the reporter
    title: str

    @property
    def region(self) -> str | None:
        return next((a[0] for a in AREAS if a[1] == self.municipality), None)


def point_in(municipality: str | None, rng: random.Random) -> tuple[float, float]:
    if municipality is None:
        return 22.5, 41.5
    _, _, min_lon, min_lat, max_lon, max_lat = next(a for a in AREAS if a[1] == municipality)
    return rng.uniform(min_lon + 0.01, max_lon - 0.01), rng.uniform(min_lat + 0.01, max_lat - 0.01)


def random_seeds(count: int, start: dt.date, end: dt.date, seed: int = 7) -> list[Seed]:
    rng = random.Random(seed)
    days = (end - start).days
    seeds = []
    for n in range(count):
        moment = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(days)), dt.time(), tzinfo=dt.UTC)
        seeds.append(Seed(
            occurred=moment + dt.timedelta(minutes=rng.randrange(24 * 60)),
            category=rng.choice(CATEGORIES),
            fatalities=rng.choice([0, 0, 0, 1, 2, 5]),
            injured=rng.choice([0, 0, 1, 3]),
            municipality=rng.choice([a[1] for a in AREAS] + [None]),
            classification=rng.choice(["PUBLIC", "PUBLIC", "CONFIDENTIAL"]),
            owner=rng.choice(["UNMIK", "UNMIK", "KFOR"]),
            title=f"Seeded incident {n}",
        ))
    return seeds


def create(seeds: list[Seed], mission, people, rng_seed: int = 3) -> list:
    """Record the seeds through the incident service (UNMIK ones by the watch officer, KFOR ones by kfor)."""
    from peaceops.incidents.inputs import CasualtyData, IncidentData
    from peaceops.incidents.services import create_incident

    rng = random.Random(rng_seed)
    reporters = {"UNMIK": people["watch"], "KFOR": people["kfor"]}
    created = []
    for s in seeds:
        lon, lat = point_in(s.municipality, rng)
        casualty = CasualtyData(group="civilians", killed_low=s.fatalities, killed_best=s.fatalities,
                                killed_high=s.fatalities, injured_low=s.injured, injured_best=s.injured,
                                injured_high=s.injured)
        data = IncidentData(title=s.title, occurred_start=s.occurred, lon=lon, lat=lat, category_path=s.category,
                            classification=s.classification, casualties=[casualty])
        created.append(create_incident(acting_user=reporters[s.owner], mission=mission, data=data))
    return created


def visible_to_org(seed: Seed, org: str) -> bool:
    """Whether a member of `org` (no strictly-confidential role) sees the seed: public, or their own."""
    return seed.classification == "PUBLIC" or seed.owner == org


# -- A history to forecast from -------------------------------------------------------------------------------

#: The months of a forecast history: 2024-01 to 2025-12; runs default to the last one as origin.
MONTHS = 24
ORIGIN = "2025-12"


def monthly_seeds(rule) -> list[Seed]:
    """Seeds for every month: `rule(i, when)` gives the month's seeds (i = 0 for 2024-01; when = the 10th, noon)."""
    seeds = []
    for i in range(MONTHS):
        seeds.extend(rule(i, dt.datetime(2024 + i // 12, i % 12 + 1, 10, 12, tzinfo=dt.UTC)))
    return seeds


def seed_world(mission, people, seeds) -> dict:
    """The areas of `AREAS` with the seeds' incidents in them; returns the areas by name."""
    areas = make_areas(mission)
    create(seeds, mission, people)
    return areas


def run_forecast(user, *options, level="adm2", origin=ORIGIN, mission_code="UNMIK"):
    """`peaceops forecast run --mission UNMIK --user <user> --level <level> --origin <origin> --trees 10 <options>`
    (10 trees, so the tests stay quick)."""
    from django.core.management import call_command

    call_command("forecast", "run", "--mission", mission_code, "--user", user.username, "--level", level,
                 "--origin", origin, "--trees", "10", *options, verbosity=0)


# -- A whole world at once ------------------------------------------------------------------------------------

@dataclass
class KitWorld:
    mission: object
    other_mission: object
    owner: object  # the owning organisation
    partner: object  # an organisation records may be released to
    unrelated: object  # an organisation of the mission that nothing is released to
    users: dict  # role value -> user of the owner; "partner", "unrelated", "outsider", "superuser"
    outsiders: object = None  # the organisation of the other mission
    orgs: dict = field(default_factory=dict)  # code -> organisation


def build_kit_world(code: str = "KIT", *, other: str | None = None, orgs: dict[str, str] | None = None,
                    usernames: dict[str, str] | None = None, unrelated_role: Role | None = Role.MISSION_ADMIN,
                    outsider_role: Role = Role.MISSION_ADMIN, partner_in_other: bool = True) -> KitWorld:
    """The world under mission `code` (and `other`, default `<code>X`); `orgs` names the organisations by part
    ("owner", "partner", "unrelated", "outsiders"; default `<code>-OWN`...), `usernames` the users by key
    (default `<code>-<key>` in lower case)."""
    from django.contrib.auth import get_user_model

    from peaceops.core.models import Mission, Organisation
    from peaceops.incidents.taxonomy import install_default_taxonomy

    User = get_user_model()  # noqa: N806
    missions = [Mission.objects.create(code=c, name=f"Mission {c}") for c in (code, other or f"{code}X")]
    for mission in missions:
        install_default_taxonomy(mission)
    codes = {"owner": f"{code}-OWN", "partner": f"{code}-PARTNER", "unrelated": f"{code}-UNRELATED",
             "outsiders": f"{code}-OUT", **(orgs or {})}
    types = {"owner": OrganisationType.UN_COMPONENT, "partner": OrganisationType.MILITARY_PARTNER,
             "unrelated": OrganisationType.REGIONAL_ORGANISATION, "outsiders": OrganisationType.UN_COMPONENT}
    org = {part: Organisation.objects.create(code=codes[part], name=f"Organisation {codes[part]}", type=types[part])
           for part in codes}
    names = {**(usernames or {})}

    def user(key, mission, organisation, role):
        u = User.objects.create_user(username=names.get(key, f"{code.lower()}-{key}"))
        grant_role(user=u, mission=mission, organisation=organisation, role=role)
        return u

    users = {role.value: user(role.value, missions[0], org["owner"], role) for role in Role}
    users["partner"] = user("partner", missions[0], org["partner"], Role.REPORTER)
    if unrelated_role:
        users["unrelated"] = user("unrelated", missions[0], org["unrelated"], unrelated_role)
    else:
        enrol_organisation(mission=missions[0], organisation=org["unrelated"])
    users["outsider"] = user("outsider", missions[1], org["outsiders"], outsider_role)
    users["superuser"] = User.objects.create_superuser(username=names.get("superuser", f"{code.lower()}-root"),
                                                       password=None)
    enrol_organisation(mission=missions[0], organisation=org["partner"])
    if partner_in_other:
        enrol_organisation(mission=missions[1], organisation=org["partner"])
    return KitWorld(*missions, org["owner"], org["partner"], org["unrelated"], users, org["outsiders"],
                    {o.code: o for o in org.values()})

"""A seeded, realistic incident world for API tests, and the expected answers computed from its input data.

The world: mission UNMIK with four rectangular municipalities in two regions, ~200 incidents reported by
UNMIK and KFOR over two years (places across a bbox, categories from the default taxonomy incl. nested ones,
actors, casualties, CONFIDENTIAL records released to KFOR or not, STRICTLY CONFIDENTIAL ones), and a second
mission with a few incidents. Expected answers are computed from the IncidentData generated here (and the
rectangle geometry), never from the database.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass, field

from peaceops.core.choices import Role
from peaceops.core.services import enrol_organisation, grant_role
from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea
from peaceops.incidents.inputs import ActorData, CasualtyData, IncidentData, SourceData
from peaceops.incidents.services import create_incident
from peaceops.testing.world import build_kit_world
from tests.factories import UserFactory, member

BBOX = (20.0, 42.0, 21.8, 43.2)
#: (level, name, min_lon, min_lat, max_lon, max_lat, parent name); east of 21.6 lies outside every area.
AREAS = [
    (1, "North", 20.0, 42.6, 21.6, 43.2, None),
    (1, "South", 20.0, 42.0, 21.6, 42.6, None),
    (2, "Northwest", 20.0, 42.6, 20.8, 43.2, "North"),
    (2, "Northeast", 20.8, 42.6, 21.6, 43.2, "North"),
    (2, "Southwest", 20.0, 42.0, 20.8, 42.6, "South"),
    (2, "Southeast", 20.8, 42.0, 21.6, 42.6, "South"),
]
CATEGORIES = [
    "organised-violence", "organised-violence/state-based", "organised-violence/one-sided",
    "acled/battles", "acled/battles/armed-clash", "acled/explosions/grenade", "acled/riots/mob-violence",
    "acled/protests/peaceful-protest", "mission/inter-ethnic", "mission/crime", "mission/arrest",
    "mission/explosive-hazard", "",
]
ACTORS = ["Kosovo Police", "Unknown assailants", "Protesters", "KFOR patrol", "Local residents", "Gang Alpha"]
PLACES = ["Mitrovica bridge", "Zvecan", "Gracanica market", "Peja road", "Prizren centre", "Gjilan"]
KINDS = ["Stone-throwing", "Shooting", "Roadblock", "Arrest", "Explosion", "Demonstration", "Assault"]
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SPAN_SECONDS = 2 * 365 * 24 * 3600


@dataclass
class Record:
    """One seeded incident: its input data and who holds it, as the tests' independent truth."""

    id: str
    mission: str
    owner: str
    data: IncidentData

    @property
    def start(self) -> dt.datetime:
        return self.data.occurred_start.astimezone(dt.UTC)

    @property
    def fatalities(self) -> tuple[int, int, int]:
        return tuple(sum(getattr(c, f"killed_{k}") for c in self.data.casualties) for k in ("low", "best", "high"))

    @property
    def injured_best(self) -> int:
        return sum(c.injured_best for c in self.data.casualties)

    def area(self, level: int) -> str | None:
        """The name of the rectangle containing the point, as far as the location precision allows."""
        precision = self.data.location_precision
        if precision == "country" or (level == 2 and precision == "admin1") or self.mission != "UNMIK":
            return None
        for lvl, name, x0, y0, x1, y1, _ in AREAS:
            if lvl == level and x0 <= self.data.lon <= x1 and y0 <= self.data.lat <= y1:
                return name
        return None


@dataclass
class Viewer:
    """What a user is, for computing what they may see."""

    missions: set[str]
    orgs: set[str]
    strictly: bool = False

    def sees(self, r: Record) -> bool:
        if r.mission not in self.missions:
            return False
        if r.data.classification == "PUBLIC":
            return True
        if r.data.classification == "STRICTLY_CONFIDENTIAL" and not self.strictly:
            return False
        return r.owner in self.orgs or bool(self.orgs & set(r.data.releasable_to))


@dataclass
class World:
    users: dict
    viewers: dict[str, Viewer]
    records: list[Record] = field(default_factory=list)
    areas: dict[str, int] = field(default_factory=dict)

    def visible(self, username: str) -> list[Record]:
        return [r for r in self.records if self.viewers[username].sees(r)]


def newest_first(records: list[Record]) -> list[str]:
    """Ids in the API's order: occurred_start desc, then id desc."""
    return [r.id for r in sorted(records, key=lambda r: (r.start, r.id), reverse=True)]


def _rectangle(x0, y0, x1, y1) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]})


def _make_areas(mission) -> dict[str, int]:
    ids: dict[str, int] = {}
    for level, name, x0, y0, x1, y1, parent in AREAS:
        area = AdminArea.objects.create(
            mission=mission, level=level, code=name.lower(), name=name, geometry=_rectangle(x0, y0, x1, y1),
            parent_id=ids.get(parent), min_lon=x0, min_lat=y0, max_lon=x1, max_lat=y1,
            centroid_lon=(x0 + x1) / 2, centroid_lat=(y0 + y1) / 2,
        )
        ids[name] = area.pk
    AdminIndex.invalidate()
    return ids


def _casualties(rng: random.Random) -> list[CasualtyData]:
    out = []
    for group in rng.sample(["civilians", "un_personnel", "security_forces", "other"], rng.choice([0, 0, 1, 2])):
        k = sorted(rng.choice([0, 0, 1, 2, 5]) + d for d in (0, rng.randint(0, 2), rng.randint(2, 4)))
        i = sorted(rng.randint(0, 3) + d for d in (0, rng.randint(0, 2), rng.randint(2, 5)))
        out.append(CasualtyData(group=group, killed_low=k[0], killed_best=k[1], killed_high=k[2],
                                injured_low=i[0], injured_best=i[1], injured_high=i[2]))
    return out


def _moment(rng: random.Random, n: int) -> dt.datetime:
    """Mostly random instants over two years; some shared instants and week/day edges; some given in +02:00."""
    if n % 25 == 0:
        return dt.datetime(2025, 3, 2, 23, 59, 59, tzinfo=dt.UTC)  # a Sunday, last second of its week
    if n % 25 == 1:
        return dt.datetime(2025, 3, 3, 0, 0, tzinfo=dt.UTC)  # the next Monday, first second
    if n % 30 == 2:
        return dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC)  # ISO week 2025-W01 starts 2024-12-30
    moment = START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS), microseconds=rng.choice([0, 250000]))
    if n % 7 == 0:
        return moment.astimezone(dt.timezone(dt.timedelta(hours=2)))
    return moment


def _incident(rng: random.Random, n: int, owner: str) -> IncidentData:
    place = rng.choice(PLACES)
    classification = rng.choices(["PUBLIC", "CONFIDENTIAL", "STRICTLY_CONFIDENTIAL"], [65, 24, 11])[0]
    releasable = []
    if classification != "PUBLIC" and rng.random() < 0.5:
        releasable = ["KFOR"] if owner == "UNMIK" else ["OSCE"]
    return IncidentData(
        title=f"{rng.choice(KINDS)} near {place}",
        description=rng.choice(["", "Reported by a patrol.", "Crowd gathered at the bridge.", "No details."]),
        occurred_start=_moment(rng, n),
        lon=round(rng.uniform(BBOX[0], BBOX[2]), 5),
        lat=round(rng.uniform(BBOX[1], BBOX[3]), 5),
        location_precision=rng.choices(["exact", "near", "admin1", "country"], [70, 15, 10, 5])[0],
        location_name=place,
        category_path=rng.choice(CATEGORIES),
        status=rng.choice(["draft", "reported", "verified", "closed"]),
        classification=classification,
        releasable_to=releasable,
        casualties=_casualties(rng),
        actors=[ActorData(name=name, role=rng.choice(["perpetrator", "target", "victim", "witness"]))
                for name in rng.sample(ACTORS, rng.randint(0, 3))],
        sources=[SourceData(type="patrol", reference=f"Patrol report {n}", reliability=rng.choice("ABCF"),
                            credibility=rng.choice("1236"))],
    )


#: The seeded world's users the API tests use, by their usernames (its other members take part unseen).
USERNAMES = {"watch_officer": "watch", "viewer": "viewer", "strictly_confidential_reader": "sc", "partner": "kfor",
             "unrelated": "osce", "outsider": "car", "superuser": "root"}


def build_world(count: int = 200, seed: int = 20250301) -> World:
    """The one seeded world (peaceops.testing.world) as UNMIK, KFOR, OSCE and MINUSCA, with admin areas and
    incidents, through the service functions."""
    rng = random.Random(seed)
    base = build_kit_world("UNMIK", other="MINUSCA", unrelated_role=Role.VIEWER, outsider_role=Role.REPORTER,
                           partner_in_other=False, usernames=USERNAMES,
                           orgs={"owner": "UNMIK", "partner": "KFOR", "unrelated": "OSCE", "outsiders": "MINUSCA"})
    unmik, minusca, org = base.mission, base.other_mission, base.orgs
    users = {USERNAMES[key]: user for key, user in base.users.items() if key in USERNAMES}
    users["nobody"] = UserFactory(username="nobody")
    grant_role(user=users["sc"], mission=unmik, organisation=org["UNMIK"], role=Role.VIEWER)
    member(minusca, org["MINUSCA"], Role.VIEWER, username="watch")  # the watch officer also follows MINUSCA
    enrol_organisation(mission=minusca, organisation=org["OSCE"])  # MINUSCA's records are released to OSCE
    viewers = {
        "watch": Viewer({"UNMIK", "MINUSCA"}, {"UNMIK", "MINUSCA"}),
        "viewer": Viewer({"UNMIK"}, {"UNMIK"}),
        "sc": Viewer({"UNMIK"}, {"UNMIK"}, strictly=True),
        "kfor": Viewer({"UNMIK"}, {"KFOR"}),
        "osce": Viewer({"UNMIK"}, {"OSCE"}),
        "car": Viewer({"MINUSCA"}, {"MINUSCA"}),
        "nobody": Viewer(set(), set()),
    }
    world = World(users=users, viewers=viewers, areas=_make_areas(unmik))
    for n in range(count):
        owner = "KFOR" if rng.random() < 0.15 else "UNMIK"
        data = _incident(rng, n, owner)
        reporter = users["kfor"] if owner == "KFOR" else users["watch"]
        incident = create_incident(acting_user=reporter, mission=unmik, data=data)
        world.records.append(Record(id=str(incident.pk), mission="UNMIK", owner=owner, data=data))
    for n in range(count // 10):
        data = _incident(rng, n + 1000, "MINUSCA")
        incident = create_incident(acting_user=users["car"], mission=minusca, data=data)
        world.records.append(Record(id=str(incident.pk), mission="MINUSCA", owner="MINUSCA", data=data))
    return world

"""Seeded data for page tests: two square regions of two municipalities each, and incidents described as plain
tuples so that tests can recompute every expected number from the same tuples, independently of the pages."""

import datetime as dt
import json
import random
from dataclasses import dataclass

from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea
from peaceops.incidents.inputs import CasualtyData
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

#: (region, municipality, min_lon, min_lat, max_lon, max_lat)
AREAS = [
    ("West", "Westmark", 20.0, 42.0, 20.5, 42.5),
    ("West", "Northwest", 20.0, 42.5, 20.5, 43.0),
    ("East", "Eastfield", 20.5, 42.0, 21.0, 42.5),
    ("East", "Northeast", 20.5, 42.5, 21.0, 43.0),
]
CATEGORIES = ["mission/inter-ethnic", "mission/crime", "acled/battles/armed-clash",
              "organised-violence/state-based", ""]


def _square(min_lon, min_lat, max_lon, max_lat) -> str:
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _area(mission, level, code, name, parent, box) -> AdminArea:
    return AdminArea.objects.create(
        mission=mission, level=level, code=code, name=name, names={"sq": f"{name} (sq)"}, parent=parent,
        geometry=_square(*box), min_lon=box[0], min_lat=box[1], max_lon=box[2], max_lat=box[3],
        centroid_lon=(box[0] + box[2]) / 2, centroid_lat=(box[1] + box[3]) / 2,
    )


def make_areas(mission) -> dict[str, AdminArea]:
    """The four municipalities and two regions, by name."""
    areas: dict[str, AdminArea] = {}
    for region in ("West", "East"):
        boxes = [a[2:] for a in AREAS if a[0] == region]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        areas[region] = _area(mission, 1, region.lower(), region, None, box)
    for region, name, *box in AREAS:
        areas[name] = _area(mission, 2, name.lower(), name, areas[region], tuple(box))
    AdminIndex.invalidate()
    return areas


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
    rng = random.Random(rng_seed)
    reporters = {"UNMIK": people["watch"], "KFOR": people["kfor"]}
    created = []
    for s in seeds:
        lon, lat = point_in(s.municipality, rng)
        casualty = CasualtyData(group="civilians", killed_low=s.fatalities, killed_best=s.fatalities,
                                killed_high=s.fatalities, injured_low=s.injured, injured_best=s.injured,
                                injured_high=s.injured)
        data = incident_data(title=s.title, occurred_start=s.occurred, lon=lon, lat=lat, category_path=s.category,
                             classification=s.classification, casualties=[casualty])
        created.append(create_incident(acting_user=reporters[s.owner], mission=mission, data=data))
    return created


def visible_to_org(seed: Seed, org: str) -> bool:
    """Whether a member of `org` (no strictly-confidential role) sees the seed: public, or their own."""
    return seed.classification == "PUBLIC" or seed.owner == org

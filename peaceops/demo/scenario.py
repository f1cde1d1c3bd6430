"""The UNMIK scenario generator: clearly labelled synthetic incidents over the last two years in Kosovo.

Incident number n is a function of (seed, today, n) and the geography alone, so the same day always gives the
same incidents, a smaller run gives a prefix of a larger one, and re-imports find them by their external id
"synthetic-unmik-<n>". Every title starts with "[SYNTHETIC] " and every description says it was generated.
"""

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from peaceops.core.choices import Classification
from peaceops.incidents.choices import IncidentStatus, LocationPrecision, TimePrecision
from peaceops.incidents.inputs import ActorData, CasualtyData, IncidentData, SourceData

from .catalogue import ACTORS, CATEGORIES, PRIMARY_SOURCES, SECOND_SOURCES, CategorySpec
from .geography import ZONE_SHARE, Geography, Municipality, ScenarioPlace
from .rhythm import ScenarioCalendar

DEFAULT_SEED = 1999
DEFAULT_COUNT = 3000
TITLE_PREFIX = "[SYNTHETIC] "
EXTERNAL_ID = "synthetic-unmik-{n}"
LOCAL_TIME = ZoneInfo("Europe/Belgrade")
#: Extra weight of northern places while a flare-up is on.
FLARE_NORTH = 2.0


@dataclass(frozen=True)
class SyntheticIncident:
    """One generated incident and the organisation it is written for."""

    owner: str
    data: IncidentData


def _draw(rng: random.Random, cumulative: list[float]) -> int:
    """An index drawn with the chances given by a cumulative weight list."""
    return min(bisect.bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def _weighted(rng: random.Random, pairs):
    items = list(pairs)
    return rng.choices([item for item, _ in items], weights=[w for _, w in items], k=1)[0]


class ScenarioGenerator:
    """Draws incidents for the last two years before `today` over a geography, deterministically."""

    def __init__(self, geography: Geography, *, today: dt.date, seed: int = DEFAULT_SEED):
        self.geography = geography
        self.today = today
        self.seed = seed
        self.calendar = ScenarioCalendar(today)
        self.report_cutoff = dt.datetime.combine(today, dt.time(), LOCAL_TIME).astimezone(dt.UTC)
        self._municipality_tables = {
            spec.path: (
                self._municipality_table(spec, flare=False),
                self._municipality_table(spec, flare=True),
            )
            for spec in CATEGORIES
        }
        self._place_tables = {
            spec.path: [
                list(itertools.accumulate(p.weight * (spec.rural if p.rural else 1.0) for p in m.places))
                for m in geography.municipalities
            ]
            for spec in CATEGORIES
        }

    def _municipality_table(self, spec: CategorySpec, *, flare: bool) -> list[float]:
        """Cumulative chances of each municipality: its zone's share, split by size, times the category's
        bias."""
        zone_size: dict[str, float] = {}
        for m in self.geography.municipalities:
            zone_size[m.zone] = zone_size.get(m.zone, 0.0) + m.size

        def weight(m: Municipality) -> float:
            w = ZONE_SHARE.get(m.zone, ZONE_SHARE["other"]) * m.size / zone_size[m.zone]
            w *= spec.zone_bias.get(m.zone, 1.0)
            return w * (FLARE_NORTH if flare and m.zone in ("north", "north-mitrovica") else 1.0)

        return list(itertools.accumulate(weight(m) for m in self.geography.municipalities))

    def generate(self, count: int = DEFAULT_COUNT) -> Iterator[SyntheticIncident]:
        for n in range(1, count + 1):
            yield self.incident(n)

    def incident(self, n: int) -> SyntheticIncident:
        """Incident number n (from 1) of the scenario."""
        rng = random.Random(f"{self.seed}:{self.today.isoformat()}:{n}")
        day = self.calendar.draw_day(rng)
        flare, level = self.calendar.flare_on(day)
        spec = self._category(rng, day, level)
        place, special = self._place(rng, spec, level)
        precision = _weighted(
            rng, [(LocationPrecision.EXACT, 82), (LocationPrecision.NEAR, 15), (LocationPrecision.ADMIN2, 3)]
        )
        lon, lat = (
            (place.lon, place.lat) if precision == LocationPrecision.ADMIN2 else self._point(rng, place)
        )
        start, end, time_precision = self._times(rng, spec, day)
        reported = min(end + dt.timedelta(minutes=rng.randint(10, 360)), self.report_cutoff)
        owner, classification, releasable = self._ownership(rng, spec)
        template = rng.choice(spec.titles)
        if special:
            template = template.replace("in {place}", "at {place}")
        headline = template.format(place=place.phrase or place.name)
        casualties = self._casualties(rng, spec)
        sources = self._sources(rng, owner, n, reported)
        data = IncidentData(
            title=TITLE_PREFIX + headline,
            description=self._description(n, headline, flare, casualties),
            occurred_start=start,
            occurred_end=end,
            time_precision=time_precision,
            reported_at=reported,
            lon=lon,
            lat=lat,
            location_precision=precision,
            location_name=place.name,
            category_path=spec.path,
            status=self._status(rng, day),
            classification=classification,
            releasable_to=releasable,
            casualties=casualties,
            actors=self._actors(rng, spec),
            sources=sources,
            external_id=EXTERNAL_ID.format(n=n),
        )
        return SyntheticIncident(owner=owner, data=data)

    def _category(self, rng, day: dt.date, level: float) -> CategorySpec:
        weekend = day.weekday() >= 5
        return _weighted(
            rng,
            [
                (spec, spec.share * (spec.weekend if weekend else 1.0) * (1.0 + (spec.flare - 1.0) * level))
                for spec in CATEGORIES
            ],
        )

    def _place(self, rng, spec: CategorySpec, level: float) -> tuple[ScenarioPlace, bool]:
        geo = self.geography
        if geo.crossings and rng.random() < spec.at_crossing:
            return rng.choice(geo.crossings), True
        quiet, tense = self._municipality_tables[spec.path]
        index = _draw(rng, tense if rng.random() < level else quiet)
        municipality = geo.municipalities[index]
        place = municipality.places[_draw(rng, self._place_tables[spec.path][index])]
        if place.zone == "north-mitrovica" and geo.bridge and rng.random() < spec.at_bridge:
            return geo.bridge, True
        return place, False

    def _point(self, rng, place: ScenarioPlace) -> tuple[float, float]:
        """A point near the place, inside the country (the place itself if no nearby draw is)."""
        lon_scale = 1.0 / max(math.cos(math.radians(place.lat)), 0.1)
        for _ in range(20):
            lon = round(rng.gauss(place.lon, place.spread * lon_scale), 5)
            lat = round(rng.gauss(place.lat, place.spread), 5)
            if self.geography.contains(lon, lat):
                return lon, lat
        return place.lon, place.lat

    def _times(self, rng, spec: CategorySpec, day: dt.date):
        hour = rng.choices(range(24), weights=spec.hours, k=1)[0]
        local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), LOCAL_TIME)
        precision = _weighted(
            rng, [(TimePrecision.MINUTE, 35), (TimePrecision.HOUR, 50), (TimePrecision.DAY, 15)]
        )
        if precision == TimePrecision.HOUR:
            local = local.replace(minute=0)
        elif precision == TimePrecision.DAY:
            local = local.replace(hour=0, minute=0)
        start = local.astimezone(dt.UTC)
        low, high = spec.hours_long
        end = start + dt.timedelta(hours=rng.randint(low, high), minutes=rng.choice((0, 15, 30, 45)))
        if precision == TimePrecision.DAY:
            end = start + dt.timedelta(hours=23, minutes=59)
        return start, max(start, min(end, self.report_cutoff)), precision

    def _ownership(self, rng, spec: CategorySpec) -> tuple[str, str, list[str]]:
        owner = _weighted(rng, spec.owners)
        draw = rng.random()
        if draw < spec.strictly:
            return "UNMIK", Classification.STRICTLY_CONFIDENTIAL, []
        if draw >= spec.strictly + spec.confidential:
            return owner, Classification.PUBLIC, []
        if owner == "UNMIK":
            released = _weighted(rng, [(["KFOR"], 55), ([], 30), (["EULEX", "KFOR"], 15)])
        else:
            released = ["UNMIK"] if owner == "KFOR" else ["EULEX", "UNMIK"]
        return owner, Classification.CONFIDENTIAL, released

    def _casualties(self, rng, spec: CategorySpec) -> list[CasualtyData]:
        chance, group, most = spec.injury
        injured = rng.randint(1, most) if rng.random() < chance else 0
        killed = 1 if rng.random() < spec.killed else 0
        if not (injured or killed):
            return []
        high = injured + (1 if injured and rng.random() < 0.3 else 0)
        return [
            CasualtyData(
                group=group,
                killed_low=killed,
                killed_best=killed,
                killed_high=killed,
                injured_low=injured,
                injured_best=injured,
                injured_high=high,
            )
        ]

    def _actors(self, rng, spec: CategorySpec) -> list[ActorData]:
        name, kind = ACTORS[rng.choice(spec.perpetrators)]
        actors = [ActorData(name=name, role="perpetrator", type=kind)]
        if spec.targets:
            name, kind = ACTORS[rng.choice(spec.targets)]
            actors.append(ActorData(name=name, role="target" if kind != "civilians" else "victim", type=kind))
        return actors

    def _sources(self, rng, owner: str, n: int, reported: dt.datetime) -> list[SourceData]:
        kind, reference, reliability, credibility = PRIMARY_SOURCES[owner]
        sources = [
            SourceData(
                type=kind,
                reference=f"{reference} (synthetic ref. {owner}-SYN-{n:05d})",
                reliability=reliability,
                credibility=credibility,
                reported_at=reported,
            )
        ]
        if rng.random() < 0.45:
            kind, reference, reliability, credibility, _ = _weighted(rng, [(s, s[4]) for s in SECOND_SOURCES])
            sources.append(
                SourceData(
                    type=kind,
                    reference=reference,
                    reliability=reliability,
                    credibility=credibility,
                    reported_at=reported,
                )
            )
        return sources

    def _status(self, rng, day: dt.date) -> str:
        if (self.today - day).days > 30:
            return _weighted(
                rng,
                [(IncidentStatus.VERIFIED, 55), (IncidentStatus.CLOSED, 35), (IncidentStatus.REPORTED, 10)],
            )
        return _weighted(rng, [(IncidentStatus.REPORTED, 60), (IncidentStatus.VERIFIED, 40)])

    def _description(self, n, headline, flare, casualties) -> str:
        """The incident's narrative. It never names the sources: a partner from whom sources are withheld
        reads the description, so the sources live only in their own, redactable, field."""
        parts = [
            f"Synthetic incident generated for the PeaceOps demo (UNMIK scenario, seed {self.seed}, "
            f"no. {n}); it did not happen. {headline}."
        ]
        if flare is not None:
            parts.append(f"Reported during the {flare.label}.")
        for c in casualties:
            if c.injured_best:
                parts.append(f"{c.injured_best} injured ({c.group.replace('_', ' ')}).")
            if c.killed_best:
                parts.append(f"{c.killed_best} killed ({c.group.replace('_', ' ')}).")
        return " ".join(parts)

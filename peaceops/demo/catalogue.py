"""What the UNMIK scenario's incidents are like, category by category: how common, when, where, who, how bad.

Every figure here is invented for the demo; the mix resembles a mission's daily reporting, not any real
record.
"""

from dataclasses import dataclass, field

from peaceops.incidents.choices import ActorType, CasualtyGroup

# Hour-of-day profiles (relative weights for hours 0..23).
DAYTIME = (1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 10, 9, 9, 8, 7, 5, 4, 3, 2, 1, 1)
EVENING = (4, 3, 2, 1, 1, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 10, 9, 8, 7, 5)
NIGHT = (9, 8, 7, 6, 4, 3, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10, 10)
OFFICE = (0, 0, 0, 0, 1, 2, 4, 8, 10, 10, 10, 9, 8, 8, 8, 7, 5, 3, 2, 1, 1, 1, 0, 0)

#: Actors by short name: (name, actor type).
ACTORS = {
    "unknown": ("Unidentified persons", ActorType.UNKNOWN),
    "youths": ("Group of youths", ActorType.CIVILIANS),
    "residents": ("Local residents", ActorType.CIVILIANS),
    "serb-residents": ("Kosovo Serb residents", ActorType.CIVILIANS),
    "albanian-residents": ("Kosovo Albanian residents", ActorType.CIVILIANS),
    "protesters": ("Protesters", ActorType.PROTESTERS),
    "criminals": ("Criminal group", ActorType.CRIMINAL_GROUP),
    "kp": ("Kosovo Police", ActorType.STATE_FORCES),
    "kfor": ("KFOR", ActorType.INTERNATIONAL_FORCE),
    "unmik": ("UNMIK", ActorType.UN),
    "returnees": ("Returnees", ActorType.CIVILIANS),
}


@dataclass(frozen=True)
class CategorySpec:
    """One kind of incident in the scenario."""

    path: str
    share: float  # of all incidents on a quiet weekday
    titles: tuple[str, ...]  # "{place}" is replaced by the place name
    hours: tuple[int, ...] = DAYTIME
    weekend: float = 1.0  # rate multiplier on Saturdays and Sundays
    flare: float = 1.0  # rate multiplier at the peak of a flare-up
    zone_bias: dict = field(default_factory=dict)  # zone -> extra place-weight multiplier
    rural: float = 1.0  # extra weight of villages (>1) or towns (<1)
    at_bridge: float = 0.0  # chance to happen at the Ibar bridge (when drawn in North Mitrovica)
    at_crossing: float = 0.0  # chance to happen at an ABL crossing point
    perpetrators: tuple[str, ...] = ("unknown",)
    targets: tuple[str, ...] = ()
    injury: tuple[float, str, int] = (0.0, CasualtyGroup.CIVILIANS, 1)  # chance, group, at most
    killed: float = 0.0  # chance of one death
    owners: tuple[tuple[str, float], ...] = (("UNMIK", 0.6), ("KFOR", 0.2), ("KP", 0.2))
    confidential: float = 0.22  # chance of CONFIDENTIAL
    strictly: float = 0.015  # chance of STRICTLY CONFIDENTIAL
    hours_long: tuple[int, int] = (0, 1)  # how long it lasts, in hours (low, high)


CATEGORIES: list[CategorySpec] = [
    CategorySpec(
        "mission/inter-ethnic",
        0.20,
        (
            "Stones thrown at a car with local plates in {place}",
            "Fight between groups of young men in {place}",
            "Ethnic slurs painted on a house in {place}",
            "Verbal altercation between residents of different communities in {place}",
            "Gravestones damaged at a cemetery in {place}",
            "Returnee's house damaged in {place}",
        ),
        hours=EVENING,
        weekend=1.4,
        flare=2.5,
        zone_bias={"north-mitrovica": 1.5, "enclave": 1.5},
        at_bridge=0.25,
        perpetrators=("youths", "unknown"),
        targets=("serb-residents", "albanian-residents"),
        injury=(0.22, CasualtyGroup.CIVILIANS, 3),
    ),
    CategorySpec(
        "mission/demonstration",
        0.12,
        (
            "Peaceful gathering of residents in {place}",
            "Protest against a municipal decision in {place}",
            "Protest against the arrest of a local resident in {place}",
            "March of about 200 people in {place}",
            "Protest against electricity disconnections in {place}",
        ),
        weekend=1.6,
        flare=3.0,
        rural=0.3,
        at_bridge=0.3,
        perpetrators=("protesters",),
        targets=("kp",),
        injury=(0.04, CasualtyGroup.SECURITY_FORCES, 3),
        confidential=0.08,
        strictly=0.0,
        hours_long=(1, 5),
    ),
    CategorySpec(
        "mission/freedom-of-movement",
        0.12,
        (
            "Roadblock on the main road near {place}",
            "Vehicles turned back at {place}",
            "Barricade of trucks set up near {place}",
            "Bus of pilgrims delayed near {place}",
            "Returnees' visit to their village of origin blocked near {place}",
        ),
        hours=DAYTIME,
        flare=3.5,
        zone_bias={"north": 1.8, "north-mitrovica": 1.3, "abl": 1.8},
        at_bridge=0.15,
        at_crossing=0.3,
        perpetrators=("protesters", "residents", "unknown"),
        targets=("returnees",),
        owners=(("UNMIK", 0.45), ("KFOR", 0.4), ("KP", 0.15)),
        hours_long=(2, 30),
    ),
    CategorySpec(
        "mission/crime",
        0.20,
        (
            "Burglary at a house in {place}",
            "Theft of livestock in {place}",
            "Car set on fire in {place}",
            "Illegal logging reported near {place}",
            "Shop robbed in {place}",
            "Theft of copper cable near {place}",
        ),
        hours=NIGHT,
        weekend=1.1,
        zone_bias={"capital": 1.5},
        perpetrators=("unknown", "criminals"),
        targets=("residents",),
        injury=(0.07, CasualtyGroup.CIVILIANS, 2),
        killed=0.006,
        owners=(("KP", 0.6), ("UNMIK", 0.4)),
        confidential=0.15,
    ),
    CategorySpec(
        "mission/arrest",
        0.12,
        (
            "Kosovo Police arrest a suspect in {place}",
            "Person wanted on a warrant arrested at {place}",
            "Two men arrested for illegal possession of weapons in {place}",
            "Arrest of a suspect in an assault case in {place}",
        ),
        hours=OFFICE,
        weekend=0.6,
        flare=1.5,
        rural=0.6,
        at_crossing=0.2,
        perpetrators=("kp",),
        injury=(0.02, CasualtyGroup.SECURITY_FORCES, 2),
        owners=(("KP", 0.7), ("UNMIK", 0.2), ("KFOR", 0.1)),
        confidential=0.35,
        strictly=0.04,
    ),
    CategorySpec(
        "mission/explosive-hazard",
        0.08,
        (
            "Unexploded ordnance found by a farmer near {place}",
            "Hand grenade thrown at a house in {place}",
            "Explosion damages a parked car in {place}",
            "Mortar round found near {place}",
            "Suspicious package reported in {place}",
        ),
        hours=DAYTIME,
        rural=2.5,
        perpetrators=("unknown",),
        injury=(0.06, CasualtyGroup.CIVILIANS, 2),
        killed=0.005,
        owners=(("KFOR", 0.5), ("KP", 0.2), ("UNMIK", 0.3)),
        confidential=0.35,
        strictly=0.02,
    ),
    CategorySpec(
        "mission/attack-on-un",
        0.03,
        (
            "Stones thrown at an UNMIK vehicle in {place}",
            "Tyres of a UN vehicle slashed in {place}",
            "Threats against UNMIK staff in {place}",
            "Window of a UN office broken in {place}",
        ),
        hours=EVENING,
        flare=2.0,
        zone_bias={"north-mitrovica": 2.0, "capital": 2.0},
        at_bridge=0.2,
        perpetrators=("unknown", "youths"),
        targets=("unmik",),
        injury=(0.12, CasualtyGroup.UN_PERSONNEL, 1),
        owners=(("UNMIK", 1.0),),
        confidential=0.55,
        strictly=0.15,
    ),
    CategorySpec(
        "mission/humanitarian-access",
        0.03,
        (
            "UNHCR team denied access to a returnee village near {place}",
            "Aid delivery to displaced families delayed near {place}",
        ),
        hours=OFFICE,
        flare=2.0,
        zone_bias={"enclave": 1.5, "north": 1.5},
        rural=2.0,
        perpetrators=("residents", "protesters"),
        targets=("returnees",),
        owners=(("UNMIK", 1.0),),
    ),
    CategorySpec(
        "acled/riots/violent-demonstration",
        0.02,
        ("Protest turns violent in {place}", "Clashes between protesters and police in {place}"),
        hours=DAYTIME,
        weekend=1.5,
        flare=8.0,
        rural=0.2,
        zone_bias={"north-mitrovica": 2.0, "north": 2.0},
        at_bridge=0.4,
        perpetrators=("protesters",),
        targets=("kp", "kfor"),
        injury=(0.5, CasualtyGroup.SECURITY_FORCES, 6),
        owners=(("UNMIK", 0.5), ("KFOR", 0.5)),
        hours_long=(1, 6),
    ),
    CategorySpec(
        "acled/strategic-developments/looting-property-destruction",
        0.02,
        ("Abandoned house looted in {place}", "Municipal property vandalised in {place}"),
        hours=NIGHT,
        flare=2.0,
        perpetrators=("unknown",),
        targets=("residents",),
        owners=(("KP", 0.6), ("UNMIK", 0.4)),
    ),
]

#: The first source of an incident, by owning organisation: (type, reference, reliability, credibility).
PRIMARY_SOURCES = {
    "UNMIK": ("patrol", "UNMIK regional office patrol report", "B", "2"),
    "KFOR": ("partner", "KFOR situation report", "B", "2"),
    "KP": ("police", "Kosovo Police incident report", "A", "2"),
}

#: Corroborating sources, any owner: (type, reference, reliability, credibility, weight).
SECOND_SOURCES = [
    ("community", "Community liaison contact", "C", "3", 3),
    ("media", "Local online news portal", "C", "3", 3),
    ("media", "Regional television", "B", "3", 1),
    ("social_media", "Social media post", "E", "5", 2),
    ("social_media", "Video shared on messaging app", "F", "6", 1),
    ("ngo", "Ibar Bridges Civic Forum (fictional NGO)", "C", "2", 1),
    ("partner", "OSCE field team", "B", "2", 1),
]

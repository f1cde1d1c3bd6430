"""What each alert category means for the mission: the severity it suggests, and the incident categories it
becomes when an officer verifies the alert into an incident.

The incident categories are paths of the default taxonomy (`peaceops/incidents/taxonomy.py`) as strings, in
order of preference: alerts and incidents are independent siblings of one layer and do not import each other;
the first path the mission's taxonomy has is the suggestion (`incident_category`).
"""

from .choices import AlertCategory as C
from .choices import Severity as S

#: Category -> severity it suggests before any word about casualties.
SEVERITY = {
    C.SHOOTING: S.HIGH, C.EXPLOSION: S.HIGH, C.ARSON: S.HIGH, C.THREAT: S.MEDIUM, C.ASSAULT: S.HIGH,
    C.KILLING: S.CRITICAL, C.ROADBLOCK: S.MEDIUM, C.DISPLACEMENT: S.HIGH, C.ABDUCTION: S.CRITICAL,
    C.SEXUAL_VIOLENCE: S.CRITICAL, C.LOOTING: S.MEDIUM, C.DEMONSTRATION: S.LOW, C.RIOT: S.HIGH,
    C.EXPLOSIVE_HAZARD: S.HIGH, C.ARMED_PRESENCE: S.HIGH,
}

_ATTACK = "acled/violence-against-civilians/attack"
_PROPERTY = "acled/strategic-developments/looting-property-destruction"
#: Category -> incident category paths, the preferred first ([] where the default taxonomy has none).
INCIDENT_CATEGORIES: dict[str, list[str]] = {
    C.SHOOTING: [_ATTACK, "mission/crime"],
    C.EXPLOSION: ["acled/explosions", "mission/explosive-hazard"],
    C.ARSON: [_PROPERTY, "mission/crime"],
    C.THREAT: ["mission/crime"],
    C.ASSAULT: [_ATTACK, "mission/crime"],
    C.KILLING: [_ATTACK, "mission/crime"],
    C.ROADBLOCK: ["mission/freedom-of-movement"],
    C.DISPLACEMENT: [],
    C.ABDUCTION: ["acled/violence-against-civilians/abduction-forced-disappearance"],
    C.SEXUAL_VIOLENCE: ["acled/violence-against-civilians/sexual-violence"],
    C.LOOTING: [_PROPERTY, "mission/crime"],
    C.DEMONSTRATION: ["mission/demonstration", "acled/protests/peaceful-protest"],
    C.RIOT: ["acled/riots/mob-violence", "mission/inter-ethnic"],
    C.EXPLOSIVE_HAZARD: ["mission/explosive-hazard"],
    C.ARMED_PRESENCE: [],
}


def incident_category(category: str, known_paths=None) -> str:
    """The incident category path an alert of `category` suggests: the first of its paths that `known_paths`
    (the mission's taxonomy, when the caller has it) contains; "" when none fits."""
    for path in INCIDENT_CATEGORIES.get(category, []):
        if known_paths is None or path in known_paths:
            return path
    return ""

"""The default incident taxonomy every new mission receives, and the helpers to resolve categories.

Each entry: (code, name, ACLED event type, ACLED sub-event type, UCDP type of violence, children).
A mission may edit its own copy (admin); imports map ACLED and UCDP codes to it through these fields.
"""

from django.db import transaction

from .models import Category
from .taxonomy_names import CATEGORY_NAMES, missing_names

ACLED_SUB_EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other",
    ],
}

_ACLED_CODES = {
    "Battles": "battles",
    "Explosions/Remote violence": "explosions",
    "Violence against civilians": "violence-against-civilians",
    "Protests": "protests",
    "Riots": "riots",
    "Strategic developments": "strategic-developments",
}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def _acled_branch() -> list[tuple]:
    return [
        (code, event_type, event_type, "", None,
         [(_slug(sub), sub, event_type, sub, None, []) for sub in ACLED_SUB_EVENT_TYPES[event_type]])
        for event_type, code in _ACLED_CODES.items()
    ]


DEFAULT_TAXONOMY: list[tuple] = [
    ("organised-violence", "Organised violence (UCDP)", "", "", None, [
        ("state-based", "State-based armed conflict", "Battles", "", 1, []),
        ("non-state", "Non-state conflict", "Battles", "", 2, []),
        ("one-sided", "One-sided violence against civilians", "Violence against civilians", "", 3, []),
    ]),
    ("acled", "ACLED event types", "", "", None, _acled_branch()),
    ("mission", "Mission incident types", "", "", None, [
        ("inter-ethnic", "Inter-ethnic incident", "Riots", "Mob violence", None, []),
        ("attack-on-un", "Attack on UN personnel or property", "Violence against civilians", "Attack", None, []),
        ("freedom-of-movement", "Freedom of movement restriction", "Strategic developments", "Other", None, []),
        ("demonstration", "Demonstration", "Protests", "Peaceful protest", None, []),
        ("crime", "Crime", "", "", None, []),
        ("arrest", "Arrest", "Strategic developments", "Arrests", None, []),
        ("explosive-hazard", "Explosive hazard", "Explosions/Remote violence", "Remote explosive/landmine/IED",
         None, []),
        ("humanitarian-access", "Humanitarian access incident", "Strategic developments", "Other", None, []),
        ("ceasefire-violation", "Ceasefire violation", "Battles", "Armed clash", None, []),
    ]),
]


@transaction.atomic
def install_default_taxonomy(mission, tree: list[tuple] | None = None) -> int:
    """Create the default taxonomy for a mission (entries that already exist are kept, and given the Albanian
    and Serbian names they lack). Returns entries created."""
    existing = {c.path: c for c in Category.objects.filter(mission=mission)}
    created = 0

    def add(entries, parent, prefix):
        nonlocal created
        for order, (code, name, acled_type, acled_sub, ucdp, children) in enumerate(entries):
            path = f"{prefix}/{code}" if prefix else code
            if path in existing:
                node = existing[path]
                names = missing_names(path, node.names)
                if names is not None:
                    node.names = names
                    node.save(update_fields=["names"])
            else:
                node = Category.objects.create(
                    mission=mission, code=code, path=path, name=name, parent=parent,
                    acled_event_type=acled_type, acled_sub_event_type=acled_sub,
                    ucdp_type_of_violence=ucdp, sort_order=order, names=dict(CATEGORY_NAMES.get(path, {})),
                )
                created += 1
            add(children, node, path)

    add(tree or DEFAULT_TAXONOMY, None, "")
    return created


class CategoryResolver:
    """Finds a mission's category for an ACLED type/sub-type, a UCDP type of violence, or a path/code."""

    def __init__(self, mission):
        self.by_path: dict[str, Category] = {}
        self.by_code: dict[str, Category] = {}
        self.by_ucdp: dict[int, Category] = {}
        self.by_acled: dict[tuple[str, str], Category] = {}
        for cat in Category.objects.filter(mission=mission).order_by("path"):
            self.by_path[cat.path] = cat
            self.by_code.setdefault(cat.code, cat)
            if cat.ucdp_type_of_violence and cat.path.startswith("organised-violence/"):
                self.by_ucdp.setdefault(cat.ucdp_type_of_violence, cat)
            if cat.path.startswith("acled/") and cat.acled_event_type:
                self.by_acled.setdefault((cat.acled_event_type.lower(), cat.acled_sub_event_type.lower()), cat)

    def ucdp(self, type_of_violence: int) -> Category | None:
        return self.by_ucdp.get(type_of_violence)

    def acled(self, event_type: str, sub_event_type: str = "") -> Category | None:
        key = (event_type.strip().lower(), sub_event_type.strip().lower())
        return self.by_acled.get(key) or self.by_acled.get((key[0], ""))

    def lookup(self, text: str) -> Category | None:
        """By path ("mission/crime"), code ("crime") or name, case-insensitive."""
        text = (text or "").strip()
        if not text:
            return None
        found = self.by_path.get(text) or self.by_code.get(text)
        if found:
            return found
        lowered = text.lower()
        for cat in self.by_path.values():
            if cat.name.lower() == lowered or cat.path.lower() == lowered:
                return cat
        return None


def descendant_paths_filter(path: str, field: str = "category__path"):
    """A Q matching a category and all its descendants."""
    from django.db.models import Q

    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "/"})

"""Colours for incident categories on the COP: one colour per branch of the taxonomy (its first two levels).

The default taxonomy has three roots (UCDP violence types, ACLED event types, mission incident types), so the
second level ("acled/riots", "mission/inter-ethnic") is the one a watch officer tells apart at a glance.
Colours are given out in path order from a palette chosen to stay distinct on the light base map.
"""

from dataclasses import dataclass

from peaceops.geo.names import name_for
from peaceops.incidents.models import Category

#: 24 colours apart in hue and lightness (Tableau 10, ColorBrewer Dark2, and darker extras): enough for every
#: branch of the default taxonomy (21) to get its own; a larger taxonomy reuses them in order.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#17becf", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
    "#a6761d", "#bcbd22", "#1f3a93", "#8e0152", "#006d2c", "#b35806", "#542788", "#01665e",
)
UNCATEGORISED = "#7f7f7f"
GROUP_DEPTH = 2


@dataclass(frozen=True)
class CategoryStyle:
    """How one category is shown: its path, its name in the user's language, its branch and colour."""

    path: str
    name: str
    group: str
    group_name: str
    colour: str


def localised(names: dict, default: str, language: str) -> str:
    """A name in the language (or its base language), falling back to the default name (`geo.names.name_for`,
    the rule every page names areas and categories by)."""
    return name_for(names, default, language)


def category_styles(mission, language: str) -> dict[int, CategoryStyle]:
    """Every category of the mission by id, with its colour (one query)."""
    rows = list(Category.objects.filter(mission=mission).order_by("path").values_list("id", "path", "name", "names"))
    names = {path: localised(translations, name, language) for _, path, name, translations in rows}
    groups = sorted({"/".join(path.split("/")[:GROUP_DEPTH]) for _, path, _, _ in rows})
    colours = {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(groups)}
    styles = {}
    for pk, path, _, _ in rows:
        group = "/".join(path.split("/")[:GROUP_DEPTH])
        styles[pk] = CategoryStyle(path=path, name=names[path], group=group, group_name=names.get(group, group),
                                   colour=colours[group])
    return styles

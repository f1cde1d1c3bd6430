"""Template filters naming reference data in the reader's language.

    {% load peaceops_names %}
    {{ incident.category|category_name:LANGUAGE_CODE }}   {{ incident.admin1|area_name:LANGUAGE_CODE }}
"""

from django import template

from peaceops.geo.names import name_for

register = template.Library()


def name_in(names: dict | None, default: str, language: str | None) -> str:
    """The name for a language code ("sr-latn" finds "sr-Latn", else "sr"), else the default name: the geo
    app's one rule (`geo.names.name_for`), so that an area has the same name on every page."""
    return name_for(names, default, language)


@register.filter
def category_name(category, language=None) -> str:
    """A taxonomy category's name in `language` (its `names` translation), else its default name."""
    if category is None:
        return ""
    return name_in(category.names, category.name, language)


@register.filter
def area_name(area, language=None) -> str:
    """An admin area's name in `language`, else its default name."""
    if area is None:
        return ""
    return name_in(area.names, area.name, language)

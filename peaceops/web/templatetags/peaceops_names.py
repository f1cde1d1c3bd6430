"""Template filters naming reference data in the reader's language.

    {% load peaceops_names %}
    {{ incident.category|category_name:LANGUAGE_CODE }}   {{ incident.admin1|area_name:LANGUAGE_CODE }}
"""

from django import template

from peaceops.core.names import name_in as core_name_in

register = template.Library()


def name_in(names: dict | None, default: str, language: str | None) -> str:
    """The name for a language code (`peaceops.core.names.name_in`), else the default name."""
    return core_name_in(names, default, language) if language else default


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

"""Sections another app adds to a record type's generic detail page, without the record type knowing that app (a
higher layer fills a lower one's page: operations add "Shifts at this checkpoint" to a site's page, and sites
never import operations).

    register_section(DetailSection(key="checkpoint", model="sites.site", template="operations/_site_checkpoint.html",
                                   context=checkpoint_section, applies=lambda site: site.site_type in TYPES))

in the adding app's `ready()`. The generic detail page (`kit/detail.html`) includes each section's template for
the records it applies to, with `section` in its context: what `context(request, record)` returns (it reads
through `visible_to(request.user)` like every read path; None leaves the section out).
"""

from collections.abc import Callable
from dataclasses import dataclass

_SECTIONS: dict[str, dict[str, "DetailSection"]] = {}


@dataclass(frozen=True)
class DetailSection:
    """A card another app adds to the detail page of records of `model` ("app_label.model_name")."""

    key: str
    model: str
    template: str
    context: Callable  # context(request, record) -> dict, or None to leave the section out
    applies: Callable = lambda record: True


@dataclass(frozen=True)
class ShownSection:
    """A section as one page shows it: its template and its context."""

    key: str
    template: str
    data: dict


def register_section(section: DetailSection) -> None:
    """Add (or replace, by key) a section of a record type's detail page."""
    _SECTIONS.setdefault(section.model, {})[section.key] = section


def sections_for(request, record) -> list[ShownSection]:
    """The sections of `record`'s page for this request, in the order they were registered."""
    shown = []
    for section in _SECTIONS.get(record._meta.label_lower, {}).values():
        if not section.applies(record):
            continue
        data = section.context(request, record)
        if data is not None:
            shown.append(ShownSection(key=section.key, template=section.template, data=data))
    return shown

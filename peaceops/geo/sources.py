"""The registry of place sources: record types of the apps above geo whose records are places people name —
a mission's deployment sites (team sites, camps, headquarters) — found by the place search and named by the
nearest-place lookup beside the gazetteer, admin areas and named places, seen only by those who may see them.

    register_place_source(PlaceSource(key="sites", model=Site, names=site_names,
                                      kind=lambda site: site.get_site_type_display(), code=lambda s: s.site_type))

geo knows no domain app: a record type registers here in its `AppConfig.ready()` (sites: `sites/places.py`).
The model must be a located domain record (`mission`, `lon`, `lat`, `Model.objects.visible_to(user)`).
The place index follows every registered model's saves and deletions (`placeindex.record_saved`,
`record_deleted`, connected to `post_save` and `post_delete` by `GeoConfig.ready()`), so every write through
the record's service — create, rename, move, import, delete — updates the index in the service's own
transaction (a change rolled back takes its index rows with it); `peaceops reindex-places` rebuilds them with
the rest.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: Importance (0..1, `placeindex`) of a registered record: with a mission's named places and towns.
RECORD_IMPORTANCE = 0.8


@dataclass(frozen=True)
class PlaceSource:
    """A record type whose records are findable places. `names(record)`: its names as (language, name) pairs
    ("" for the main name); `kind(record)`: what it is, in words in the active language ("Team site");
    `code(record)`: its own code of that kind ("team_site")."""

    key: str
    model: type
    names: Callable[[object], Iterable[tuple[str, str]]]
    kind: Callable[[object], str]
    code: Callable[[object], str]
    importance: float = RECORD_IMPORTANCE

    def visible(self, user, mission_ids):
        """The records of these missions `user` may see (none without a user): the one visibility rule."""
        if user is None or not mission_ids:
            return self.model.objects.none()
        return self.model.objects.visible_to(user).filter(mission_id__in=list(mission_ids))


_SOURCES: dict[str, PlaceSource] = {}


def register_place_source(source: PlaceSource) -> None:
    """Make a record type's records findable places, kept in the place index as they are written."""
    _SOURCES[source.key] = source


def source_of(model) -> PlaceSource | None:
    """The place source of a model (None when its records are no places)."""
    return next((source for source in _SOURCES.values() if source.model is model), None)


def place_sources() -> list[PlaceSource]:
    """The registered place sources."""
    return list(_SOURCES.values())


def place_source(key: str) -> PlaceSource | None:
    return _SOURCES.get(key)

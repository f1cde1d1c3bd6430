"""The one door for changing a mission's named places (bridges, crossing points, sites): checked, written to
the change log and re-indexed for the place search in one transaction. The API (`POST /api/v1/geo/named-places`,
mission administrators) and the loader (`peaceops load-named-places FILE --mission CODE`) both go through it."""

import json
from dataclasses import dataclass, field

from django.db import transaction

from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.ledger.services import record_changes

from .loaders.files import GeoDataError, open_text
from .models import NamedPlace, NamedPlaceKind
from .names import clean_names
from .placeindex import index_named

FIELDS = ("name", "names", "kind", "lon", "lat", "notes")


class NamedPlaceError(ValueError):
    """A named place that cannot be saved; the message starts with the field."""


def _clean(data: dict) -> dict:
    name = str(data.get("name") or "").strip()
    if not name:
        raise NamedPlaceError("name: missing")
    if len(name) > 200:
        raise NamedPlaceError("name: longer than 200 characters")
    kind = str(data.get("kind") or NamedPlaceKind.OTHER)
    if kind not in NamedPlaceKind.values:
        raise NamedPlaceError(f"kind: {kind!r} is not one of {', '.join(NamedPlaceKind.values)}")
    try:
        lon, lat = float(data.get("lon")), float(data.get("lat"))
    except (TypeError, ValueError):
        raise NamedPlaceError("lon: give lon and lat as numbers") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise NamedPlaceError("lat: lon must be within -180..180 and lat within -90..90")
    try:
        names = clean_names(data.get("names"))
    except ValueError as exc:
        raise NamedPlaceError(f"names: {exc}") from None
    if any(len(value) > 200 for value in names.values()):
        raise NamedPlaceError("names: a name is longer than 200 characters")
    return {"name": name, "names": names, "kind": kind, "lon": lon, "lat": lat,
            "notes": str(data.get("notes") or "").strip()}


def save_named_place(mission, data: dict, *, acting_user=None, reason: str = "") -> tuple[NamedPlace, str]:
    """Create the mission's named place of that name, or update it; returns (place, "created", "updated" or
    "unchanged").
    Raises NamedPlaceError naming the field when the data cannot be used (nothing is written then)."""
    values = _clean(data)
    with transaction.atomic():
        place = NamedPlace.objects.select_for_update().filter(mission=mission, name=values["name"]).first()
        if place is None:
            place = NamedPlace.objects.create(mission=mission, **values)
            log_change(action=ChangeAction.CREATE, obj=place, acting_user=acting_user, before=None,
                       after=snapshot(place), reason=reason or "named place added")
            outcome = "created"
        else:
            before = snapshot(place)
            if all(getattr(place, k) == v for k, v in values.items()):
                return place, "unchanged"
            for key, value in values.items():
                setattr(place, key, value)
            place.save()
            log_change(action=ChangeAction.UPDATE, obj=place, acting_user=acting_user, before=before,
                       after=snapshot(place), reason=reason or "named place changed")
            outcome = "updated"
        index_named(place)
        record_changes()
    return place, outcome


@dataclass
class NamedPlaceLoadResult:
    """What loading a file of named places did; `errors` are "item N: field: reason"."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def load_named_places(path, *, mission, acting_user=None) -> NamedPlaceLoadResult:
    """Load a JSON list of named places ({"name", "names", "kind", "lon", "lat", "notes"}) into a mission,
    by name: a place already there is updated, the others are kept. Items that cannot be used are reported."""
    try:
        with open_text(path) as stream:
            items = json.load(stream)
    except (OSError, json.JSONDecodeError) as exc:
        raise GeoDataError(f"{path}: not a JSON file ({exc})") from None
    if isinstance(items, dict):
        items = items.get("places", [])
    if not isinstance(items, list):
        raise GeoDataError(f"{path}: expected a JSON list of places")
    result = NamedPlaceLoadResult()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.errors.append(f"item {number}: not an object")
            continue
        try:
            _, outcome = save_named_place(mission, item, acting_user=acting_user,
                                              reason=f"named places load {path}")
        except NamedPlaceError as exc:
            result.errors.append(f"item {number}: {exc}")
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result

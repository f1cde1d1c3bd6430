"""Finding places in the gazetteer by name, as a user types it: any spelling, with or without accents.

Matches are ranked in tiers — the whole name, then names starting with the query, then names containing
it — and within a tier populated places (GeoNames feature class P) come first, then the nearest to `near`
if given, else the most populous.
"""

import math

from django.db.models import Case, F, IntegerField, Value, When

from .models import Place, PlaceName
from .names import search_key

MAX_LIMIT = 100


def _tier(key: str, lookup: str):
    return Place.objects.filter(pk__in=PlaceName.objects.filter(**{f"search_key{lookup}": key}).values("place_id"))


def search_places(query: str, *, limit: int = 10, near: tuple[float, float] | None = None) -> list[Place]:
    """Places whose name (in any language or spelling) matches `query`, best first. `near` is (lon, lat)."""
    key = search_key(query or "")
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not key or not limit:
        return []
    populated = Case(When(feature_class="P", then=Value(0)), default=Value(1), output_field=IntegerField())
    if near is not None:
        lon, lat = near
        scale = math.cos(math.radians(lat)) ** 2
        # Squared equirectangular distance: exact enough to order places within a country.
        order = [populated.asc(),
                 ((F("lon") - lon) * (F("lon") - lon) * scale + (F("lat") - lat) * (F("lat") - lat)).asc(),
                 F("population").desc(), "name", "pk"]
    else:
        order = [populated.asc(), F("population").desc(), "name", "pk"]
    found: list[Place] = []
    seen: set[int] = set()
    for lookup in ("", "__startswith", "__contains"):
        candidates = _tier(key, lookup).exclude(pk__in=list(seen)).order_by(*order)[: limit - len(found)]
        for place in candidates:
            seen.add(place.pk)
            found.append(place)
        if len(found) >= limit:
            break
    return found

"""Loading a GeoNames gazetteer: places created, updated or left alone by geonameid, in batches.

Each place gets one PlaceName per distinct name (main, ASCII, alternate; any script) with its search key,
and its rows in the place search's index (`geo.placeindex`).
Memory stays constant whatever the file size: rows are read, compared and written a batch at a time, each
batch in its own transaction with its change-log entries, so an interrupted load can simply be run again.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from peaceops.core.changelog import change_entry_fields, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.models import ChangeLogEntry
from peaceops.core.progress import progress_bar
from peaceops.ledger.services import record_changes

from ..models import Place, PlaceName
from ..names import search_key
from ..placeindex import index_places
from .geonames import GazetteerRow, RowError, count_lines, read_gazetteer

BATCH_SIZE = 2000
MAX_KEPT_ERRORS = 1000
_PLACE_FIELDS = ["name", "ascii_name", "lon", "lat", "feature_class", "feature_code", "country_code",
                 "population"]


@dataclass
class GazetteerLoadResult:
    """What a gazetteer load did; `rejected` rows are listed in `errors` as "line N: column: reason"."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)


def _place_values(row: GazetteerRow) -> dict:
    return {name: getattr(row, name) for name in _PLACE_FIELDS}


def _place_snapshot(place: Place, names) -> dict:
    return snapshot(place, {"names": list(names)})


def _name_rows(place: Place, names) -> list[PlaceName]:
    return [PlaceName(place=place, name=name, search_key=search_key(name)[:200]) for name in names]


def _save_batch(batch: list[GazetteerRow], acting_user, result: GazetteerLoadResult, reason: str) -> None:
    with transaction.atomic():
        existing = Place.objects.in_bulk([row.geonames_id for row in batch], field_name="geonames_id")
        known_names: dict[int, set[str]] = defaultdict(set)
        for place_id, name in PlaceName.objects.filter(place__in=list(existing.values())).values_list(
            "place_id", "name"
        ):
            known_names[place_id].add(name)
        created, changed, stale, new_names, entries = [], [], [], [], []
        for row in batch:
            place = existing.get(row.geonames_id)
            values = _place_values(row)
            if place is None:
                created.append((Place(geonames_id=row.geonames_id, **values), row.names))
                continue
            names_differ = set(row.names) != known_names[place.pk]
            if not names_differ and all(getattr(place, k) == v for k, v in values.items()):
                result.unchanged += 1
                continue
            before = _place_snapshot(place, sorted(known_names[place.pk]))
            for key, value in values.items():
                setattr(place, key, value)
            changed.append(place)
            if names_differ:
                stale.append(place.pk)
                new_names += _name_rows(place, row.names)
            entries.append(change_entry_fields(action=ChangeAction.UPDATE, obj=place, acting_user=acting_user,
                                               before=before, after=_place_snapshot(place, row.names),
                                               reason=reason))
        Place.objects.bulk_create([place for place, _ in created])
        Place.objects.bulk_update(changed, _PLACE_FIELDS)
        PlaceName.objects.filter(place_id__in=stale).delete()
        for place, names in created:
            new_names += _name_rows(place, names)
            entries.append(change_entry_fields(action=ChangeAction.CREATE, obj=place, acting_user=acting_user,
                                               before=None, after=_place_snapshot(place, names), reason=reason))
        PlaceName.objects.bulk_create(new_names, batch_size=5000)
        ChangeLogEntry.objects.bulk_create([ChangeLogEntry(**e) for e in entries], batch_size=1000)
        index_places([place.pk for place, _ in created] + [place.pk for place in changed])
        record_changes()
    result.created += len(created)
    result.updated += len(changed)


def load_gazetteer(path, *, acting_user=None, progress: bool = False) -> GazetteerLoadResult:
    """Load a GeoNames file (the raw tab-separated dump, or a CSV/TSV with a header; plain, .gz or .zip).

    Idempotent by geonameid: loading the same file again changes nothing. Rows that cannot be used are
    counted in `rejected` with their line number and reason; the others are loaded.
    Raises GeoDataError if the file is missing or is not a GeoNames file at all.
    """
    result = GazetteerLoadResult()
    reason = f"gazetteer load {path}"
    total = count_lines(path) if progress else None
    batch: list[GazetteerRow] = []
    in_batch: set[int] = set()
    with progress_bar("Gazetteer rows", total, enabled=progress) as bar:
        for line, row in read_gazetteer(path):
            bar.advance()
            if isinstance(row, RowError):
                result.rejected += 1
                if len(result.errors) < MAX_KEPT_ERRORS:
                    result.errors.append(f"line {line}: {row}")
                continue
            if row.geonames_id in in_batch or len(batch) >= BATCH_SIZE:
                _save_batch(batch, acting_user, result, reason)
                batch, in_batch = [], set()
            batch.append(row)
            in_batch.add(row.geonames_id)
        if batch:
            _save_batch(batch, acting_user, result, reason)
    return result

"""The registry of releasable record types: what the shared services (partner feeds and redaction, sharing
agreements, releases and the share panel) need to know of a record type, registered by the record type's own
app in its `AppConfig.ready()`, so that those services import no domain app.

    register_releasable(ReleasableType(
        name="sites", model=Site, item="site", detail=site_detail, withheld=Site.withheld_from_partners,
        prepare=lambda records: records.select_related("mission", "owner").prefetch_related("years")))

A record type's releases are rows of its release model (`model.releases`, with a foreign key named after the
model: `incident`, `site`), as `core.records.shared_condition` reads them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet


def _as_is(records: QuerySet) -> QuerySet:
    return records


@dataclass(frozen=True)
class ReleasableType:
    """One releasable record type.

    - `name`: its plural, as URLs name it (`/api/v1/partners/{org}/feed/sites`);
    - `item`: the key under which a partner feed's upsert carries a record (`"incident"`, `"site"`);
    - `detail(record)`: the record as the API's detail gives it (a JSON-ready dict) after `prepare(queryset)`
      selected and prefetched what it reads;
    - `withheld`: the fields (of the detail) readers outside the owning organisation do not receive;
      `redact(detail)`: the detail as such a reader receives it (default: those fields emptied, and listed
      under `withheld`);
    - `release_scopes`: whether a partner's release scope (`partners.ReleaseScope`) can release the withheld
      fields to it (incidents);
    - `snapshot(record)`: what the change log stores of it (default: the kit's `change_snapshot()`);
    - `detail_url`: the URL name of its page (`incidents:detail`);
    - `categories`: the model of its categories (with `mission` and `path`), when sharing agreements may be
      limited to some of them; `category_field`: the record's foreign key to it; `category_label(category)`:
      a category's name as the reader reads it.
    """

    name: str
    model: type[Model]
    item: str
    detail: Callable[[Model], dict]
    prepare: Callable[[QuerySet], QuerySet] = _as_is
    withheld: tuple[str, ...] = ()
    redact: Callable[[dict], dict] | None = None
    release_scopes: bool = False
    snapshot: Callable[[Model], dict] | None = None
    detail_url: str = ""
    categories: type[Model] | None = None
    category_field: str = "category"
    category_label: Callable[[Model | None], str] = field(default=lambda category: category.name if category else "")

    def redacted(self, detail: dict) -> dict:
        """`detail` as a reader outside the owning organisation (without a release scope) receives it."""
        if self.redact is not None:
            return self.redact(detail)
        return {**detail, **{name: None for name in self.withheld if name in detail},
                "withheld": list(self.withheld)}

    def change_snapshot(self, record) -> dict:
        """The record as the change log stores it."""
        return self.snapshot(record) if self.snapshot is not None else record.change_snapshot()

    def category_of(self, record):
        """The id of the record's category (None when it has none, or its type has no categories)."""
        return getattr(record, f"{self.category_field}_id", None) if self.categories is not None else None


_types: dict[str, ReleasableType] = {}


def register_releasable(record_type: ReleasableType) -> None:
    """Register a releasable record type (once, from its app's `ready()`; registering again replaces it)."""
    _types[record_type.name] = record_type


def releasable(name: str) -> ReleasableType:
    """The releasable record type named `name` (KeyError when none is registered under it)."""
    return _types[name]


def releasable_for(model) -> ReleasableType | None:
    """The releasable record type of `model` (a model class), or None."""
    return next((t for t in _types.values() if t.model is model), None)


def releasable_types() -> list[ReleasableType]:
    """Every registered releasable record type, by name."""
    return [_types[name] for name in sorted(_types)]


def kit_releasable(service, *, name: str, item: str, detail_url: str) -> ReleasableType:
    """The releasable type of a kit record type, as most need it: its API detail (`schemas.record_detail`), read
    with its mission, owner, releases in force and children (`snapshot_children`), and the fields its model
    withholds from partners (`force/releasable.py`, `operations/releasable.py`)."""
    from .schemas import record_detail

    model = service.model

    def prepare(records):
        return (records.select_related("mission", "owner")
                .prefetch_related(model.releases_in_force_prefetch(), *model.snapshot_children))

    return ReleasableType(name=name, model=model, item=item, prepare=prepare,
                          detail=lambda record: record_detail(service, record),
                          withheld=model.withheld_from_partners, detail_url=detail_url)

"""What the generic record tests (`peaceops.testing.records`) need to know of a record type: `RecordSpec`.

A kit record type (built on `core.kit.services.RecordService`, exported by `peaceops export-records`, with
the kit's pages) needs only the first six fields. A record type with faces of its own (incidents, so far)
says where they differ: its permission codes, its pages, its factory, its export and import, and the read
paths only it has (an aggregate endpoint, a partner feed, map points).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command


@dataclass
class RecordSpec:
    """A record type under the generic tests."""

    service: object  # `model`, `create(acting_user=, mission=, owner=, data=)`, `to_data(record)`
    api: str  # the API's list URL, e.g. "/api/v1/sites"
    namespace: str  # the pages' URL namespace, e.g. "sites"
    valid: dict  # a valid create body (without mission and owner)
    change: dict  # a valid patch that changes the record
    bad: list[tuple[dict, str]] = field(default_factory=list)  # (create body overrides, field the 422 names)
    label: str = "name"  # the field a user knows a record by (incidents: "title")
    #: the external identifier imports are idempotent by (incidents: "external_id"); None: the record type has
    #: none (alerts), so an import of its CSV makes copies and only the copy is checked
    source_id: str | None = "source_id"
    #: valid values of the record type's personal fields (`personal_fields`) and of the fields it withholds from
    #: partners, as the service stores them (a phone number the service keeps as typed); default "secret"
    personal: dict = field(default_factory=dict)
    #: action -> the permission actions of which any grants it on the owner's records, e.g. incidents'
    #: {"change": ("change_own_org", "change_any")}; default: the action itself.
    grants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    read_pages: tuple[str, ...] = ("list", "detail", "history")  # pages of the namespace every member opens
    list_page: str | None = None  # the URL name of the HTML list (default "<namespace>:list")
    form: dict | None = None  # a valid create form (default: the scalar fields of `valid`)
    form_error_status: int = 422  # what a form with a mistake answers
    withheld: tuple[str, ...] | None = None  # fields partners never receive (default: the model's own list)
    #: extra read paths: an API URL answering {"total": {"count": n}} of the caller's visible records; a
    #: partner feed URL with {org} and {mission}; URL names of GeoJSON answers of the record type's points
    #: (its COP layers are found by themselves); the live stream.
    aggregate: str | None = None
    feed: str | None = None
    map_points: tuple[str, ...] = ()
    live: str | None = None  # the URL name of the live stream (server-sent events) carrying the record type
    #: hooks where the record type has its own code (default: the kit's)
    prepare: Callable | None = None  # prepare(world): what the record type needs in the seeded world
    factory: Callable | None = None  # factory(acting_user=, mission=, owner=, data=) -> record
    export: Callable | None = None  # export(user, mission, output: Path | None) -> CSV text
    importer: Callable | None = None  # importer(path, mission=, acting_user=, owner=) -> report with counts
    content: Callable | None = None  # content(record) -> what a user compares between two copies

    @property
    def model(self):
        return self.service.model

    def create(self, **kwargs):
        return (self.factory or self.service.create)(**kwargs)

    def export_csv(self, user, mission, output=None) -> str:
        """What the record type's CSV export gives `user` (also written to `output` when given)."""
        if self.export:
            return self.export(user, mission, output)
        meta, out = self.model._meta, io.StringIO()
        call_command("export_records", f"{meta.app_label}.{meta.model_name}", "--user", user.username,
                     "--mission", mission.code, *(["--output", str(output)] if output else []), stdout=out)
        return output.read_text(encoding="utf-8") if output else out.getvalue()

    def import_csv(self, path, **kwargs):
        if self.importer:
            return self.importer(path, **kwargs)
        from peaceops.interop.records import import_records

        return import_records(self.service, path, format="csv", **kwargs)

    def content_of(self, record) -> dict:
        """What a user compares between two copies: the record's data, a reference as the referenced record's
        natural key (a copy in another mission refers to that mission's contingent of the same source id)."""
        if self.content:
            return self.content(record)
        from peaceops.core.kit.references import portable

        data = self.service.to_data(record)
        return portable(self.service, record, data) if hasattr(self.service, "fields") else data

    def personal_fields(self) -> tuple[str, ...]:
        return tuple(getattr(self.model, "personal_fields", ()))

    def sample(self, name: str) -> str:
        """A stored value of a withheld or personal field (`personal`, default "secret")."""
        return self.personal.get(name, "secret")

    def withheld_fields(self) -> tuple[str, ...]:
        return tuple(self.withheld if self.withheld is not None else getattr(self.model, "withheld_from_partners", ()))

    def form_data(self) -> dict:
        if self.form is not None:
            return dict(self.form)
        return {k: v for k, v in self.valid.items() if not isinstance(v, list | dict)}

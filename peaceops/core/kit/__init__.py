"""The record kit: what every record type (incidents, sites, ...) is built from. Worked example:
docs/developers/adding-an-entity.md.

- `mixins`: fields a record type composes with `core.records.DomainRecord` (located, externally identified,
  redactable, change-logged with children, releasable through a concrete `RecordRelease`);
- `errors`: `FieldError`, the one error for input a record type cannot use (the API's 422 names the field);
- `permissions`: the per-record-type permission check (`<app>.<model>.<action>`) and grants by likeness;
- `services`: `RecordService`, the one write door (a single write is a batch of one);
- `schemas`, `pagination`, `history`, `api`: the router factory (list, detail, create, update, delete, history,
  releases) and what it is made of;
- `views` and `core/templates/kit/`: the generic pages;
- `layers`: the registry of map layers record types offer the COP;
- `search`: the one search over every registered record type (the search page and `GET /api/v1/search`);
- `releasable`: the registry of releasable record types (model, API detail, fields withheld from partners,
  change snapshot, categories) through which sharing and the partner feeds serve every record type.

Import and export formats per record type are registered with `peaceops.interop.records`; the generic tests are
`peaceops.testing.records`.
"""

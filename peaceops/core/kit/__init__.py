"""The record kit: what every record type (incidents, sites, ...) is built from.

- `mixins`: fields a record type composes with `core.records.DomainRecord` (located, externally identified,
  redactable, change-logged, releasable);
- `errors`: `FieldError`, the one error for input a record type cannot use (the API's 422 names the field);
- `permissions`: the per-record-type permission check (`<app>.<model>.<action>`);
- `services`: `RecordService`, the one write door (a single write is a batch of one);
- `api`: the router factory (list, detail, create, update, delete, history, releases);
- `views` and `templates/kit/`: the generic pages;
- `layers`: the registry of map layers record types offer the COP.
"""

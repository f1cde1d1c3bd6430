"""API schemas of a record type, made from its service's fields: the detail a reader gets, the create body and
the patch body. A record type names only what the model cannot say (its children's schemas)."""

import datetime as dt
import uuid
from typing import Annotated

from django.db import models
from ninja import Schema
from pydantic import AfterValidator, create_model
from pydantic_core import PydanticCustomError

from peaceops.core.dates import RANGE_TEXT, SupportedDateTime, in_range

from .mixins import Located


def _supported(value):
    if value is not None and not in_range(value):
        raise PydanticCustomError("date_range", "is outside the supported dates, {range}", {"range": RANGE_TEXT})
    return value


# The body of an API error (401, 403, 404, 422): what is wrong and, for input, the field it is about; the incidents
# API and the shared services (sharing, partners) answer with it. (No docstring: it would become the OpenAPI
# schema's description, which the API has never had.)
class ErrorOut(Schema):
    detail: str
    field: str | None = None


#: A date field of an API schema that refuses values outside the supported range (422 naming the field).
SupportedDate = Annotated[dt.date, AfterValidator(_supported)]

_TYPES = {models.FloatField: float, models.IntegerField: int, models.PositiveIntegerField: int,
          models.PositiveSmallIntegerField: int, models.BooleanField: bool, models.DateField: SupportedDate,
          models.DateTimeField: SupportedDateTime, models.JSONField: dict | list}


def _type(model_field):
    if isinstance(model_field, models.ForeignKey):  # a reference: the other record's id (or source id, in)
        # an organisation's or user's id is a number (a patrol's partner, its leader): read back as one
        return int | str if isinstance(model_field.target_field, models.AutoField | models.BigAutoField) else str
    for kind, python in _TYPES.items():
        if type(model_field) is kind:
            return python
    return str


def child_schema(model, name: str, fields: tuple[str, ...]) -> type:
    """The API schema of one kind of a record type's children, made from the child model's fields (required
    where the model field has no default and may not be blank; a reference is the other record's id or source
    id)."""
    child = getattr(model, name).rel.related_model
    shape = {}
    for f in fields:
        model_field = child._meta.get_field(f)
        optional = model_field.has_default() or model_field.blank or model_field.null
        shape[f] = (_type(model_field) | None, None) if optional else (_type(model_field), ...)
    return create_model(f"{model.__name__}{name.title()}IO", __base__=Schema, **shape)


def record_schemas(service, *, children: dict[str, type] | None = None):
    """(detail, create, patch) schemas. Create: `mission`, optional `owner` and `reason`, the fields (required
    where the model has no default and is not blank), `classification`, `releasable_to`, the children.
    Patch: all of them optional except `reason`, and `base_version` (the version the change was made from:
    `core.kit.conflicts`)."""
    model, children = service.model, dict(children or {})
    for name, fields in model.snapshot_children.items():  # children without a schema of their own: from the model
        children.setdefault(name, child_schema(model, name, fields))
    name = model.__name__
    own = {f: model._meta.get_field(f) for f in (*service.fields, "classification")}
    patch = {f: (_type(mf) | None, None) for f, mf in own.items()}
    patch |= {"releasable_to": (list[str] | None, None), "reason": (str, "")}
    patch |= {c: (list[t] | None, None) for c, t in children.items()}
    required = {f: (_type(mf), ...) for f, mf in own.items()
                if not mf.has_default() and not mf.blank and not mf.null}
    detail = {"id": (uuid.UUID, ...), "mission": (str, ...), "owner": (str, ...), "releasable_to": (list[str], ...)}
    detail |= {f: (_type(mf) | None, None) for f, mf in own.items()}
    detail |= {c: (list[t], ...) for c, t in children.items()}
    if issubclass(model, Located):
        detail |= {"admin1_id": (int | None, None), "admin2_id": (int | None, None)}
    return (create_model(f"{name}Out", __base__=Schema, **detail),
            create_model(f"{name}In", __base__=Schema, mission=(str, ...), owner=(str | None, None),
                         **{**patch, **required}),
            create_model(f"{name}Patch", __base__=Schema, **patch, base_version=(str | None, None)))


def record_detail(service, record) -> dict:
    """The detail of a record as `record_schemas` describes it."""
    detail = {"id": record.pk, "mission": record.mission.code, "owner": record.owner.code, **service.to_data(record)}
    if isinstance(record, Located):
        detail |= {"admin1_id": record.admin1_id, "admin2_id": record.admin2_id}
    return detail

"""References: a record's foreign key to another record of the same mission (a unit's contingent, a patrol's
saved route, a checkpoint shift's site), written through the record service like any field.

A record type names the foreign key among its service's `fields` ("contingent", not "contingent_id"). Its
value in data is the referenced record's id; an import may give the referenced record's `source_id` instead
(so that a CSV exported from one mission imports into another that holds the same contingents): `resolve`
finds it in the record's mission, or refuses with a `FieldError` naming the field. Data read back
(`RecordService.to_data`) holds the id; the CSV export (`interop.records.RecordCsv`) writes the source id when
the referenced record has one.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import FieldError

#: The fields besides the id that name a referenced record, tried in turn: a record's id in its source file, an
#: organisation's code, a user's name.
NATURAL_KEYS = ("source_id", "code", "username")


#: Who is writing: a reference names only a record this user may see (None: an operator's load, the system).
_writer: ContextVar = ContextVar("reference_writer", default=None)


@contextmanager
def written_by(user):
    """References resolved inside name only records `user` may see (a record the writer may not see is as
    absent as one that does not exist: whether a write succeeds never tells that it exists)."""
    token = _writer.set(user if getattr(user, "pk", None) else None)
    try:
        yield
    finally:
        _writer.reset(token)


def writer():
    """The user writing now (`written_by`), or None (an operator's load, the system)."""
    return _writer.get()


def is_reference(model_field) -> bool:
    """Whether a model field is a reference (a foreign key) rather than a value."""
    return isinstance(model_field, models.ForeignKey)


def _in_mission(model_field, mission, user=None):
    related = model_field.related_model
    records = related._default_manager.all()
    if any(f.name == "mission" for f in related._meta.concrete_fields):
        records = records.filter(mission=mission)
    user = user or _writer.get()
    if user is not None and hasattr(records, "visible_to"):
        records = records.visible_to(user)
    return records


def resolve(name: str, model_field, value, mission):
    """The id of the record `value` names (its id, or its source id) among the related model's records of
    `mission`; None for an empty value of a field that may be empty; `FieldError(name)` otherwise."""
    if value in (None, ""):
        if model_field.null:
            return None
        raise FieldError(name, _("is required"))
    if isinstance(value, models.Model):
        value = value.pk
    records = _in_mission(model_field, mission)
    try:
        key = model_field.target_field.to_python(value)
        found = records.filter(pk=key).values_list("pk", flat=True).first()
    except (ValidationError, ValueError, TypeError):
        found = None
    names = {f.name for f in model_field.related_model._meta.concrete_fields}
    for natural in NATURAL_KEYS:
        if found is None and natural in names:
            matches = list(records.filter(**{natural: str(value)}).values_list("pk", flat=True)[:2])
            found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise FieldError(name, _("names no %(thing)s of %(mission)s"),
                         thing=model_field.related_model._meta.verbose_name, mission=mission.code)
    return found


def id_of(record, name: str):
    """The id a record's reference `name` holds (None when empty), as data carries it."""
    value = getattr(record, record._meta.get_field(name).attname)
    return str(value) if isinstance(value, uuid.UUID) else value


def exported(record, name: str):
    """What the CSV export writes for a record's reference: the referenced record's source id when it has one
    (portable between missions), else its id."""
    target = getattr(record, name)
    return None if target is None else natural_key(target)


def reference_field(model_field, mission, user=None, **kwargs):
    """The form field of a model field on a record type's form: for a reference, a choice among the related
    model's records of the mission (those the user may see, for a record type with a visibility rule);
    otherwise the model field's own."""
    if not is_reference(model_field):
        return model_field.formfield(**kwargs)
    records = _in_mission(model_field, mission, user)
    return model_field.formfield(queryset=records, form_class=ReferenceChoiceField, **kwargs)


class ReferenceChoiceField(forms.ModelChoiceField):
    """A choice of a referenced record that also takes the record's natural key (`NATURAL_KEYS`: a form filled
    in by a script or from a CSV row names a contingent by its source id)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            names = {f.name for f in self.queryset.model._meta.concrete_fields}
            for natural in NATURAL_KEYS:
                if natural in names:
                    matches = list(self.queryset.filter(**{natural: str(value)})[:2])
                    if len(matches) == 1:
                        return matches[0]
            raise


def child_choice_field(model, child: str, field: str, mission, user=None):
    """The form field of a child list that only names other records of the mission (`RecordPages.child_choices`):
    a multiple choice (check boxes) among the referenced model's records of the mission, those the user may see
    for a record type with a visibility rule."""
    model_field = getattr(model, child).rel.related_model._meta.get_field(field)
    records = _in_mission(model_field, mission)
    if user is not None and hasattr(records, "visible_to"):
        records = records.visible_to(user)
    return forms.ModelMultipleChoiceField(queryset=records, required=False, widget=forms.CheckboxSelectMultiple,
                                          label=model_field.related_model._meta.verbose_name_plural.capitalize())


def natural_key(target) -> str:
    """The natural key of a referenced record (its source id, code or user name), else its id."""
    for natural in NATURAL_KEYS:
        if getattr(target, natural, None):
            return getattr(target, natural)
    return str(target.pk)


def portable(service, record, data: dict) -> dict:
    """A record's data (`service.to_data`) with every reference, its own and its children's, as the referenced
    record's natural key: what a CSV export writes and what two copies in two missions share."""
    model, out = service.model, dict(data)
    for name in service.fields:
        if is_reference(model._meta.get_field(name)):
            out[name] = exported(record, name)
    for name, fields in model.snapshot_children.items():
        child = getattr(model, name).rel.related_model
        for field_name in fields:
            model_field = child._meta.get_field(field_name)
            if not is_reference(model_field) or not out.get(name):
                continue
            ids = {row[field_name] for row in out[name] if row.get(field_name) is not None}
            keys = {str(t.pk): natural_key(t) for t in model_field.related_model._default_manager.filter(pk__in=ids)}
            out[name] = [{**row, field_name: keys.get(str(row[field_name]), row[field_name])}
                         if row.get(field_name) is not None else row for row in out[name]]
    return out

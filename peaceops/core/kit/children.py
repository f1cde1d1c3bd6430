"""A record's children on its generic pages: shown as tables on the detail page and edited as formsets on the
create and edit forms (a unit's strengths, deployments and rotations; a checkpoint shift's seizures and weapons).

The children are those the model's `snapshot_children` names ({related name: fields}); a record type's pages opt
in with `RecordPages(children_forms=True)` (all of them) or a tuple of child names. Each child kind is a Django
formset (prefix: the child's name, e.g. `weapons-0-serial_number`, `weapons-TOTAL_FORMS`) of a form made from the
child model's fields, with a "remove" box per row and `EXTRA` empty rows to add (the page's script adds more).
A reference among the fields (a deployment's site) offers the mission's records the user may see
(`references.reference_field`).

A valid formset gives the service a list of dicts of the child's fields (the rows left blank or marked for
removal left out, sorted by the child's key as the service sorts them, so that a row's index in the service's
`FieldError("weapons.1.serial_number", ...)` is that row's); the service validates them, and `show_errors` puts
its error on that row's field. A form posted without a child's management form leaves that child as it is.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from .display import display_value
from .errors import FieldError
from .mixins import child_key
from .references import is_reference, reference_field

#: Empty rows offered to add children without a script.
EXTRA = 2


def child_model(model, name: str):
    """The model of a record type's children `name` (the related model of the reverse foreign key)."""
    return getattr(model, name).rel.related_model


def chosen(model, option) -> tuple[str, ...]:
    """The child names an option names: all of `snapshot_children` (True), none (False/None) or those given."""
    names = tuple(getattr(model, "snapshot_children", {}))
    if option is True:
        return names
    if not option:
        return ()
    return tuple(name for name in option if name in names)


@dataclass
class ChildTable:
    """One kind of a record's children as the detail page shows it: column labels and rows of display values;
    `edit_url`, for who may edit them, the form's formset of this kind (its "Add or change" link)."""

    name: str
    label: str
    columns: list
    rows: list
    edit_url: str = ""


def shown_reference(target, user):
    """A referenced record as a page names it: by its name when `user` may see it (for a record type with a
    visibility rule), else "not visible to you"; None for no record."""
    if target is None:
        return None
    manager = type(target)._default_manager
    if hasattr(manager, "visible_to") and not manager.visible_to(user).filter(pk=target.pk).exists():
        return _("not visible to you")
    return str(target)


def _display(child, field, user) -> object:
    if is_reference(field):
        return shown_reference(getattr(child, field.name), user)
    if field.choices:
        return getattr(child, f"get_{field.name}_display")()
    return display_value(getattr(child, field.name))


def child_tables(record, names, user) -> list[ChildTable]:
    """The record's children `names` as tables (labels from the child model's verbose names, choices by their
    labels, references by their name when the user may see them)."""
    tables = []
    for name in names:
        fields = record.snapshot_children[name]
        model = child_model(type(record), name)
        model_fields = [model._meta.get_field(f) for f in fields]
        key = child_key(model, fields)
        related = [f.name for f in model_fields if is_reference(f)]
        children = sorted(getattr(record, name).select_related(*related),
                          key=lambda child: tuple(_sortable(getattr(child, f if f not in related else f + "_id"))
                                                  for f in key))
        rows = [[_display(child, f, user) for f in model_fields] for child in children]
        label = getattr(type(record), name).rel.related_model._meta.verbose_name_plural
        tables.append(ChildTable(name=name, label=label, columns=[f.verbose_name for f in model_fields],
                                 rows=rows))
    return tables


def _sortable(value):
    return (value is None, str(value) if value is not None and not isinstance(value, int | float) else value or 0)


class ChildForm(forms.Form):
    """One child's row on a record's form."""


class ChildFormsets:
    """The formsets of a record's form, one per child kind `names`, for `mission` and `user` (references)."""

    def __init__(self, model, names, *, mission, user, data=None, initial: dict | None = None):
        self.model, self.sets = model, {}
        for name in names:
            fields = model.snapshot_children[name]
            child = child_model(model, name)
            form_fields = {f: reference_field(child._meta.get_field(f), mission, user, required=False)
                           if is_reference(child._meta.get_field(f))
                           else child._meta.get_field(f).formfield() for f in fields}
            for form_field in form_fields.values():
                form_field.required = False  # the service says what a child needs (a blank row adds nothing)
                if form_field.widget.__class__ is forms.Textarea:
                    form_field.widget.attrs.update(rows=1)
            form_class = type(f"{child.__name__}Form", (ChildForm,), form_fields)
            formset_class = forms.formset_factory(form_class, extra=EXTRA, can_delete=True)
            posted = data is not None and f"{name}-TOTAL_FORMS" in data
            rows = (initial or {}).get(name) or []
            formset = formset_class(data if posted else None, prefix=name, initial=rows)
            formset.child_name, formset.posted = name, posted
            formset.label = child._meta.verbose_name_plural
            formset.fields = fields
            formset.problems = []
            self.sets[name] = formset

    def __iter__(self):
        return iter(self.sets.values())

    def is_valid(self) -> bool:
        return all(formset.is_valid() for formset in self.sets.values() if formset.posted)

    def data(self) -> dict:
        """The children posted, as the service takes them ({name: [row, ...]}); a child not posted is left out.
        Each formset remembers which form each row came from (`order`), for `show_errors`."""
        out = {}
        for name, formset in self.sets.items():
            if not formset.posted:
                continue
            child = child_model(self.model, name)
            key = child_key(child, formset.fields)
            picked = []
            for form in formset.forms:
                values = form.cleaned_data
                if not values or values.get("DELETE") or all(values.get(f) in (None, "") for f in formset.fields):
                    continue  # a blank row adds nothing; a row marked "remove" goes
                row = {f: getattr(values.get(f), "pk", values.get(f)) for f in formset.fields}
                picked.append((row, form))
            picked.sort(key=lambda pair: tuple(_sortable(pair[0][f]) for f in key))
            formset.order = [form for _row, form in picked]
            out[name] = [row for row, _form in picked]
        return out

    def show_errors(self, error: FieldError) -> bool:
        """Show a service's error about a child on that child's row and field ("weapons.1.serial_number"), or on
        the child kind as a whole ("weapons"); False when the error is not about a child shown here."""
        name, _sep, rest = error.field.partition(".")
        formset = self.sets.get(name)
        if formset is None or not formset.posted:
            return False
        index, _sep, field = rest.partition(".")
        order = getattr(formset, "order", [])
        if index.isdigit() and int(index) < len(order):
            form = order[int(index)]
            field = field.split(".", 1)[0]
            if field in form.fields:
                form.add_error(field, error.sentence(form.fields[field].label))
            else:
                form.add_error(None, error.sentence(formset.label))
        else:
            formset.problems.append(error.sentence(formset.label))
        return True


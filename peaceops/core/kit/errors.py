"""The core field error: input a record type cannot use, naming the field it is about.

    raise FieldError("lon", _("must be between %(low)s and %(high)s"), low=-180, high=180)

The message is what is wrong with the field, said of it (a predicate: "must be between -180 and 180", "is
required"), marked for translation (`gettext_lazy`) with named placeholders filled from the keyword arguments
when it is read. So one error is read three ways:

- `str(error)`: "lon: must be between -180 and 180", always in English — the API's `detail`, an import's
  rejects file, logs and commands (machine formats stay English, docs/developers/translations.md);
- `error.message`: the message in the reader's language, for a page that shows it beside its field;
- `error.sentence(label)`: the field's label and the message in one sentence in the reader's language, as a
  user reads it: "Longitude must be between -180 and 180" ("Gjatësia ..." in Albanian). Without a label, the
  field's usual label (`FIELD_LABELS`), else its name in words.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

#: The labels of fields and parameters that many record types and pages share, for `sentence()` when the page
#: names no label of its own.
FIELD_LABELS = {
    "title": _("Title"), "description": _("Description"), "lon": _("Longitude"), "lat": _("Latitude"),
    "location_name": _("Place name"), "location_precision": _("Location precision"),
    "occurred_start": _("Start"), "occurred_end": _("End"), "reported_at": _("Reported"),
    "time_precision": _("Time precision"), "category": _("Category"), "status": _("Status"),
    "classification": _("Classification"), "releasable_to": _("Releasable to"), "casualties": _("Casualties"),
    "fatalities": _("Killed"), "actors": _("Actors"), "sources": _("Sources"), "name": _("Name"),
    "since": _("From"), "until": _("To"), "as_of": _("As of"), "day": _("Day"), "bbox": _("Map area"),
    "mission": _("Mission"), "admin_area": _("Area"), "resolution": _("Resolution"), "owner": _("Owner"),
    "opened_on": _("Opened"), "closed_on": _("Closed"), "site_type": _("Type"), "notes": _("Notes"),
    "source_id": _("Source id"), "q": _("Search"), "cursor": _("Page"), "limit": _("Page size"),
    "level": _("Level"), "horizon": _("Months ahead"), "by": _("Grouping"), "subset": _("Subset"),
    "killed": _("Killed"), "injured": _("Injured"), "group": _("Group"), "role": _("Role"), "type": _("Type"),
    "reference": _("Reference"), "reliability": _("Reliability"), "credibility": _("Credibility"),
    "years": _("Years"), "year": _("Year"), "troops": _("Troops"), "units": _("Units"),
    "countries": _("Countries"), "username": _("User name"), "format": _("Format"),
}


class FieldError(ValueError):
    """A field's value cannot be used: the API answers 422 with `field` and the English `str(error)`, forms show
    `sentence(label)` on the field, importers reject the row with `str(error)`."""

    def __init__(self, field: str, message, /, **params):
        super().__init__(field, message)
        self.field, self.template, self.params = field, message, params

    @property
    def message(self) -> str:
        """What is wrong with the field, in the active language."""
        text = str(self.template)
        return text % self.params if self.params else text

    @property
    def english(self) -> str:
        """What is wrong with the field, in English."""
        with override("en"):
            return self.message

    def __str__(self) -> str:
        return f"{self.field}: {self.english}"

    def sentence(self, label=None) -> str:
        """The field's label (or its usual one) and what is wrong with it, as one sentence in the active language."""
        return gettext("%(field)s %(problem)s") % {"field": capfirst(str(label or field_label(self.field))),
                                                  "problem": self.message}


def field_label(field: str) -> str:
    """The usual label of a field or parameter, in the active language: `FIELD_LABELS`, for a nested field
    ("casualties[0].killed", "years.2.troops") its last part's, else the name in words ("source id")."""
    name = field
    for separator in (".", "["):
        name = name.rsplit(separator, 1)[-1]
    name = name.rstrip("]")
    if name.isdigit():
        name = field.split(".", 1)[0].split("[", 1)[0]
    label = FIELD_LABELS.get(field) or FIELD_LABELS.get(name)
    return str(label) if label else name.replace("_", " ")


class ValidationText:
    """A Django `ValidationError`'s messages as a FieldError message, read in the language active when it is
    read (Django's validators translate lazily): `FieldError(name, ValidationText(error))`."""

    def __init__(self, error):
        self.error = error

    def __str__(self) -> str:
        return "; ".join(str(m)[:1].lower() + str(m)[1:] for m in self.error.messages)


def show_on_form(form, error: FieldError, name: str | None = None) -> None:
    """Show a FieldError on a Django form, in the reader's words: on the field it names (`name`, default the
    error's own) with that field's label ("Longitude must be between -180 and 180"), else on the form as a
    whole with the field's usual label."""
    name = name or error.field
    base, _sep, where = name.replace("[", ".").partition(".")
    if name in form.fields:
        form.add_error(name, error.sentence(form.fields[name].label))
    elif base in form.fields:  # a part of a field ("path.1": its second point) on the field itself
        form.add_error(base, error.sentence(f"{form.fields[base].label} ({where.rstrip(']')})"))
    else:
        form.add_error(None, error.sentence())

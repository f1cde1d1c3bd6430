"""The incident report form: the fields of `IncidentData` as Django forms, one row per casualty group and a few
rows of actors and sources; what the officer typed is kept on every error, and a domain rule broken
(`core.kit.errors.FieldError`) is shown next to the field it names."""

import re

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.dates import validate_supported
from peaceops.core.kit.errors import FieldError, field_label, show_on_form
from peaceops.core.participation import participants

from .choices import (
    ActorRole,
    ActorType,
    CasualtyGroup,
    Credibility,
    IncidentStatus,
    LocationPrecision,
    Reliability,
    SourceType,
    TimePrecision,
)
from .display import category_name
from .inputs import ActorData, CasualtyData, IncidentData, SourceData
from .models import Category

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
_CHILD_FIELD = re.compile(r"^(casualties|actors|sources)\[(\d+)\](?:\.(\w+))?$")
COUNT_FIELDS = ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high")


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS, help_text=_("UTC"),
        validators=[validate_supported],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
    )


def category_choices(mission) -> list[tuple[str, str]]:
    """The mission's taxonomy as a flat tree for a select: values are paths, labels indented by depth."""
    choices = [("", _("— no category —"))]
    for category in Category.objects.filter(mission=mission).order_by("path"):
        depth = category.path.count("/")
        choices.append((category.path, "\u2003" * depth + category_name(category)))
    return choices


class IncidentForm(forms.Form):
    """The incident's own fields (children are in the row forms below)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    occurred_start = _datetime_field(_("Occurred from"))
    occurred_end = _datetime_field(_("Occurred until"), required=False)
    time_precision = forms.ChoiceField(label=_("Time precision"), choices=TimePrecision.choices,
                                       initial=TimePrecision.HOUR)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180,
                           widget=forms.NumberInput(attrs={"step": "any"}))
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90,
                           widget=forms.NumberInput(attrs={"step": "any"}))
    location_name = forms.CharField(label=_("Place name"), max_length=300, required=False)
    location_precision = forms.ChoiceField(label=_("Location precision"), choices=LocationPrecision.choices)
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=IncidentStatus.choices, initial=IncidentStatus.REPORTED)
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    releasable_to = forms.MultipleChoiceField(label=_("Releasable to"), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, mission, extra_organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(mission)
        codes = set(participants(mission).values_list("code", flat=True))
        codes.update(extra_organisations)
        self.fields["releasable_to"].choices = [(c, c) for c in sorted(codes)]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("occurred_start"), cleaned.get("occurred_end")
        if start and end and end < start:
            self.add_error("occurred_end", _("The end is before the start."))
        return cleaned


class ReasonForm(forms.Form):
    """Why an incident is being changed (shown in its history)."""

    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CasualtyForm(forms.Form):
    """Killed and injured, low / best / high, in one casualty group (all zero = no row)."""

    killed_low = forms.IntegerField(min_value=0, required=False, label=_("Killed, low"))
    killed_best = forms.IntegerField(min_value=0, required=False, label=_("Killed, best"))
    killed_high = forms.IntegerField(min_value=0, required=False, label=_("Killed, high"))
    injured_low = forms.IntegerField(min_value=0, required=False, label=_("Injured, low"))
    injured_best = forms.IntegerField(min_value=0, required=False, label=_("Injured, best"))
    injured_high = forms.IntegerField(min_value=0, required=False, label=_("Injured, high"))

    def __init__(self, *args, group: str, group_label: str, **kwargs):
        super().__init__(*args, prefix=f"cas-{group}", **kwargs)
        self.group, self.group_label = group, group_label
        for name in COUNT_FIELDS:
            self.fields[name].widget.attrs.update({"min": 0, "class": "count"})

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in COUNT_FIELDS}

    def clean(self):
        """Every estimate out of order in this row, in plain words naming killed or injured and the group (the
        domain rule, `inputs._ordered`, stops at the first and speaks to developers)."""
        cleaned = super().clean()
        if any(self.has_error(name) for name in COUNT_FIELDS):
            return cleaned
        counts = self.counts()
        for kind, what in (("killed", _("Killed")), ("injured", _("Injured"))):
            low, best, high = (counts[f"{kind}_{end}"] for end in ("low", "best", "high"))
            values = {"what": what, "group": self.group_label, "low": low, "best": best, "high": high}
            if low > best:
                self.add_error(None, _("%(what)s, %(group)s: the low estimate (%(low)s) is more than the best "
                                       "estimate (%(best)s).") % values)
            if best > high:
                self.add_error(None, _("%(what)s, %(group)s: the best estimate (%(best)s) is more than the high "
                                       "estimate (%(high)s).") % values)
        return cleaned


class ActorForm(forms.Form):
    """An actor's part in the incident (a row with no name is ignored)."""

    name = forms.CharField(label=_("Actor"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ActorRole.choices, initial=ActorRole.PERPETRATOR)
    type = forms.ChoiceField(label=_("Type"), choices=ActorType.choices, initial=ActorType.UNKNOWN)


class SourceForm(forms.Form):
    """A source and its Admiralty grading (an untouched row is ignored)."""

    type = forms.ChoiceField(label=_("Source type"), choices=SourceType.choices, initial=SourceType.OTHER)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=2000)
    reliability = forms.ChoiceField(label=_("Reliability of the source"), choices=Reliability.choices,
                                    initial=Reliability.F)
    credibility = forms.ChoiceField(label=_("Credibility of the information"), choices=Credibility.choices,
                                    initial=Credibility.CANNOT_JUDGE)
    reported_at = forms.DateTimeField(required=False, widget=forms.HiddenInput, validators=[validate_supported])


ActorFormSet = formset_factory(ActorForm, extra=3, can_delete=True, max_num=50)
SourceFormSet = formset_factory(SourceForm, extra=2, can_delete=True, max_num=50)


def _rows(formset) -> list[tuple[int, dict]]:
    """(form index, cleaned data) of the rows that hold something and are not marked for removal."""
    rows = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not form.has_changed() and not form.initial:
            continue
        rows.append((index, data))
    return rows


class IncidentForms:
    """The whole report: incident fields, casualty rows per group, actor and source rows, and (when editing)
    the reason. `initial` is the IncidentData being edited, if any."""

    def __init__(self, post=None, *, mission, initial: IncidentData | None = None, editing: bool = False):
        self.editing = editing
        base, casualties, actors, sources = _initial(initial)
        self.incident = IncidentForm(post, mission=mission, initial=base,
                                     extra_organisations=initial.releasable_to if initial else ())
        self.casualties = [
            CasualtyForm(post, group=value, group_label=label, initial=casualties.get(value, {}))
            for value, label in CasualtyGroup.choices
        ]
        self.actors = ActorFormSet(post, prefix="actor", initial=actors)
        self.sources = SourceFormSet(post, prefix="source", initial=sources)
        self.reason = ReasonForm(post) if editing else None
        self._children: dict[str, list] = {}

    def all_forms(self):
        yield self.incident
        yield from self.casualties
        yield self.actors
        yield self.sources
        if self.reason is not None:
            yield self.reason

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all_forms()])

    def to_data(self) -> IncidentData:
        """The report as IncidentData (call after is_valid)."""
        c = self.incident.cleaned_data
        casualties = [(f, CasualtyData(group=f.group, **f.counts())) for f in self.casualties if any(f.counts().values())]
        actors = [(self.actors.forms[i], ActorData(name=d["name"].strip(), role=d["role"], type=d["type"]))
                  for i, d in _rows(self.actors) if d.get("name", "").strip()]
        sources = [(self.sources.forms[i], SourceData(type=d["type"], reference=d.get("reference", ""),
                                                      reliability=d["reliability"], credibility=d["credibility"],
                                                      reported_at=d.get("reported_at")))
                   for i, d in _rows(self.sources)]
        self._children = {"casualties": [f for f, _ in casualties], "actors": [f for f, _ in actors],
                          "sources": [f for f, _ in sources]}
        return IncidentData(
            title=c["title"], description=c["description"], occurred_start=c["occurred_start"],
            occurred_end=c["occurred_end"], time_precision=c["time_precision"], lon=c["lon"], lat=c["lat"],
            location_precision=c["location_precision"], location_name=c["location_name"],
            category_path=c["category"], status=c["status"], classification=c["classification"],
            releasable_to=list(c["releasable_to"]),
            casualties=[d for _, d in casualties], actors=[d for _, d in actors], sources=[d for _, d in sources],
        )

    @property
    def reason_text(self) -> str:
        return self.reason.cleaned_data.get("reason", "") if self.reason is not None else ""

    def add_domain_error(self, error: FieldError) -> None:
        """Show a broken domain rule next to the field (or row) it names, in the reader's words."""
        child = _CHILD_FIELD.match(error.field)
        if child:
            kind, index, name = child.group(1), int(child.group(2)), child.group(3)
            rows = self._children.get(kind, [])
            if index < len(rows):
                row = rows[index]
                if kind == "casualties" and name not in row.fields:  # "Killed, civilians must not be ..."
                    row.add_error(None, error.sentence(_("%(what)s, %(group)s") % {
                        "what": field_label(error.field), "group": row.group_label}))
                else:
                    show_on_form(row, error, name)
                return
        show_on_form(self.incident, error, {"category_path": "category"}.get(error.field, error.field))


def _initial(data: IncidentData | None):
    """Initial values of each form from the IncidentData being edited."""
    if data is None:
        return {}, {}, [], []
    base = {
        "title": data.title, "description": data.description, "occurred_start": data.occurred_start,
        "occurred_end": data.occurred_end, "time_precision": data.time_precision, "lon": data.lon, "lat": data.lat,
        "location_precision": data.location_precision, "location_name": data.location_name,
        "category": data.category_path, "status": data.status, "classification": data.classification,
        "releasable_to": list(data.releasable_to),
    }
    casualties = {c.group: {name: getattr(c, name) for name in COUNT_FIELDS} for c in data.casualties}
    actors = [{"name": a.name, "role": a.role, "type": a.type} for a in data.actors]
    sources = [{"type": s.type, "reference": s.reference, "reliability": s.reliability,
                "credibility": s.credibility, "reported_at": s.reported_at} for s in data.sources]
    return base, casualties, actors, sources

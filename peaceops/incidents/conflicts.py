"""How incident edits compare field by field (`core.kit.conflicts`): the fields the edit form writes, in a
comparable form that what a form shows and posts back and what is stored agree on (text without CRLF or
edge spaces, times in UTC to the second, casualty rows and actors as sets), their labels and readable values
(choice labels, the category's name, casualty rows, actors and sources as lines of text), and the incident
services as the write door."""

import datetime as dt

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from peaceops.core.kit.conflicts import EditFields, register

from .choices import ActorRole, ActorType, CasualtyGroup
from .display import CHOICE_FIELDS, FIELD_LABELS, _sources_text, category_name
from .inputs import ActorData, CasualtyData, SourceData
from .models import Category, Incident
from .services import FIELDS, incident_to_data, update_incident

#: The fields of IncidentData the edit form writes (incidents/views.py FORM_FIELDS), compared one by one.
EDITED_FIELDS = ("title", "description", "occurred_start", "occurred_end", "time_precision", "lon", "lat",
                 "location_precision", "location_name", "category_path", "status", "classification",
                 "releasable_to", "casualties", "actors", "sources")
_TEXT = ("title", "description", "location_name", "category_path")
_TIMES = ("occurred_start", "occurred_end", "reported_at")
COUNTS = ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high")


def _time(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None:
        return None
    value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value.replace(microsecond=0).isoformat()


def _get(row, name, default=None):
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


class IncidentEditFields(EditFields):
    """Incident edits compared field by field (see the module docstring)."""

    model = Incident
    namespace = "incidents"
    #: The form's fields first, then the rest an API PATCH may name.
    names = (*EDITED_FIELDS, *(name for name in FIELDS if name not in EDITED_FIELDS))

    def values(self, record) -> dict:
        data = incident_to_data(record)
        return {name: getattr(data, name) for name in self.names}

    def comparable(self, name: str, value):
        if name in _TEXT:
            return (value or "").replace("\r\n", "\n").strip()
        if name in _TIMES:
            return _time(value)
        if name in ("lon", "lat"):
            return None if value is None else float(value)
        if name == "releasable_to":
            return sorted(value or [])
        if name == "casualties":
            rows = [{"group": _get(r, "group"), **{c: int(_get(r, c) or 0) for c in COUNTS}} for r in value or []]
            return sorted((r for r in rows if any(r[c] for c in COUNTS)), key=lambda r: r["group"])
        if name == "actors":
            return sorted([_get(a, "name"), _get(a, "role"), _get(a, "type")] for a in value or [])
        if name == "sources":
            return [{"type": _get(s, "type"), "reference": (_get(s, "reference") or "").strip(),
                     "reliability": _get(s, "reliability"), "credibility": _get(s, "credibility"),
                     "reported_at": _time(_get(s, "reported_at"))} for s in value or []]
        return super().comparable(name, value)

    def from_comparable(self, name: str, value):
        if name in _TIMES:
            return parse_datetime(value) if value else None
        if name == "casualties":
            return [CasualtyData(**row) for row in value]
        if name == "actors":
            return [ActorData(name=n, role=role, type=kind) for n, role, kind in value]
        if name == "sources":
            return [SourceData(**{**s, "reported_at": parse_datetime(s["reported_at"]) if s["reported_at"] else None})
                    for s in value]
        return value

    def base_from_snapshot(self, snapshot: dict) -> dict:
        """The change log's snapshot says every field but the category (an id there), the actors' types and
        the sources' report times: the category is looked up, the other two stay unknown."""
        known = {name: self.comparable(name, snapshot[name]) for name in self.names
                 if name in snapshot and name not in ("actors", "sources")}
        if "category_id" in snapshot:
            category = Category.objects.filter(pk=snapshot["category_id"]).first()
            known["category_path"] = category.path if category else ""
        return known

    def label(self, name: str) -> str:
        return str(FIELD_LABELS.get("category_id" if name == "category_path" else name, name))

    def display(self, name: str, value) -> str:
        if value in (None, "", []):
            return "—"
        if name in CHOICE_FIELDS:
            return str(CHOICE_FIELDS[name].get(value, value))
        if name == "category_path":
            category = Category.objects.filter(path=value).first()
            return category_name(category) if category else value
        if name in _TIMES:
            return parse_datetime(value).strftime("%Y-%m-%d %H:%M:%S UTC")
        if name == "releasable_to":
            return ", ".join(value)
        if name == "casualties":
            groups = dict(CasualtyGroup.choices)
            return "\n".join(_("%(group)s: killed %(kl)s/%(kb)s/%(kh)s, injured %(il)s/%(ib)s/%(ih)s") % {
                "group": groups.get(r["group"], r["group"]), "kl": r["killed_low"], "kb": r["killed_best"],
                "kh": r["killed_high"], "il": r["injured_low"], "ib": r["injured_best"], "ih": r["injured_high"]}
                for r in value)
        if name == "actors":
            roles, types = dict(ActorRole.choices), dict(ActorType.choices)
            return "\n".join(f"{n} ({roles.get(role, role)}, {types.get(kind, kind)})" for n, role, kind in value)
        if name == "sources":
            return "\n".join(_sources_text([s]) for s in value)
        return str(value)

    def update(self, record, *, acting_user, changes: dict, reason: str):
        if changes.get("casualties") or "casualties" in changes and record.casualties.exists():
            # Totals follow the casualty groups, as the edit form writes them; totals only stay.
            changes = {**changes, "fatalities_low": None, "fatalities_best": None, "fatalities_high": None}
        return update_incident(record, acting_user=acting_user, changes=changes, reason=reason)


INCIDENT_EDITS = register(IncidentEditFields())

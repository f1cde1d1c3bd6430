"""How an incident reads on its page: names in the reader's language, plain source grading, and its change
history as a readable list of what changed from what to what."""

from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from peaceops.core.choices import Classification
from peaceops.core.models import ChangeLogEntry
from peaceops.core.names import name_in

from .choices import (
    ActorRole,
    CasualtyGroup,
    Credibility,
    IncidentStatus,
    LocationPrecision,
    Reliability,
    SourceType,
    TimePrecision,
)
from .models import Category
from .versions import hide_unreadable

#: Admiralty code, reliability of the source, in words.
RELIABILITY_WORDS = {
    Reliability.A: gettext_lazy("completely reliable"),
    Reliability.B: gettext_lazy("usually reliable"),
    Reliability.C: gettext_lazy("fairly reliable"),
    Reliability.D: gettext_lazy("not usually reliable"),
    Reliability.E: gettext_lazy("unreliable"),
    Reliability.F: gettext_lazy("reliability cannot be judged"),
}
#: Admiralty code, credibility of the information, in words.
CREDIBILITY_WORDS = {
    Credibility.CONFIRMED: gettext_lazy("confirmed by other sources"),
    Credibility.PROBABLY_TRUE: gettext_lazy("probably true"),
    Credibility.POSSIBLY_TRUE: gettext_lazy("possibly true"),
    Credibility.DOUBTFUL: gettext_lazy("doubtful"),
    Credibility.IMPROBABLE: gettext_lazy("improbable"),
    Credibility.CANNOT_JUDGE: gettext_lazy("truth cannot be judged"),
}

#: Field labels of the change history, in the order they are listed.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "occurred_start": gettext_lazy("Occurred from"),
    "occurred_end": gettext_lazy("Occurred until"),
    "time_precision": gettext_lazy("Time precision"),
    "reported_at": gettext_lazy("Reported at"),
    "lon": gettext_lazy("Longitude"),
    "lat": gettext_lazy("Latitude"),
    "location_precision": gettext_lazy("Location precision"),
    "location_name": gettext_lazy("Place name"),
    "category_id": gettext_lazy("Category"),
    "status": gettext_lazy("Status"),
    "classification": gettext_lazy("Classification"),
    "releasable_to": gettext_lazy("Releasable to"),
    "fatalities_low": gettext_lazy("Killed (low)"),
    "fatalities_best": gettext_lazy("Killed (best)"),
    "fatalities_high": gettext_lazy("Killed (high)"),
    "injured_low": gettext_lazy("Injured (low)"),
    "injured_best": gettext_lazy("Injured (best)"),
    "injured_high": gettext_lazy("Injured (high)"),
    "casualties": gettext_lazy("Casualties"),
    "actors": gettext_lazy("Actors"),
    "sources": gettext_lazy("Sources"),
    "owner_id": gettext_lazy("Owner"),
}


#: Fields whose stored value is a choice; the history shows the choice's label.
CHOICE_FIELDS = {
    "status": dict(IncidentStatus.choices),
    "time_precision": dict(TimePrecision.choices),
    "location_precision": dict(LocationPrecision.choices),
    "classification": dict(Classification.choices),
}


def grading_label(reliability: str, credibility: str) -> str:
    """E.g. "B2 - usually reliable, probably true"."""
    words = f"{RELIABILITY_WORDS.get(reliability, '?')}, {CREDIBILITY_WORDS.get(credibility, '?')}"
    return f"{reliability}{credibility} - {words}"


def _language_names(names: dict, default: str) -> str:
    language = get_language() or "en"
    return name_in(names, default, language)


def category_name(category: Category | None) -> str:
    """A category's name in the reader's language, else its default name."""
    if category is None:
        return ""
    return _language_names(category.names or {}, category.name)


@dataclass
class FieldChange:
    """One field of one history entry: its label and its value before and after, as text."""

    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    """One change-log entry of an incident as the page shows it."""

    entry: ChangeLogEntry
    changes: list[FieldChange] = field(default_factory=list)
    before_hidden: bool = False  # the version before the change is one the reader may not see
    after_hidden: bool = False  # the version the change wrote is one the reader may not see


def _casualties_text(rows) -> str:
    groups = dict(CasualtyGroup.choices)
    return "; ".join(
        _("%(group)s: killed %(kl)s/%(kb)s/%(kh)s, injured %(il)s/%(ib)s/%(ih)s") % {
            "group": groups.get(r["group"], r["group"]), "kl": r["killed_low"], "kb": r["killed_best"],
            "kh": r["killed_high"], "il": r["injured_low"], "ib": r["injured_best"], "ih": r["injured_high"]}
        for r in rows or [])


def _actors_text(rows) -> str:
    roles = dict(ActorRole.choices)
    return "; ".join(f"{name} ({roles.get(role, role)})" for name, role in rows or [])


def _sources_text(rows) -> str:
    types = dict(SourceType.choices)
    return "; ".join(
        f"{types.get(s['type'], s['type'])} {s['reliability']}{s['credibility']}"
        + (f" {s['reference']}" if s.get("reference") else "")
        for s in rows or [])


def _text(name: str, value, categories: dict) -> str:
    if value is None or value == "":
        return "—"
    if name == "category_id":
        return categories.get(value, str(value))
    if name == "casualties":
        return _casualties_text(value) or "—"
    if name == "actors":
        return _actors_text(value) or "—"
    if name == "sources":
        return _sources_text(value) or "—"
    if name in CHOICE_FIELDS:
        return str(CHOICE_FIELDS[name].get(value, value))
    if name == "releasable_to":
        return ", ".join(value) or "—"
    return str(value)


def incident_history(incident, user, limit: int = 200, redacted: bool = False) -> list[HistoryEntry]:
    """The incident's change-log entries, oldest first, each with the fields an update changed, as `user` may
    see them: a version they could not read is hidden (`versions.hide_unreadable`), and so is the diff against
    it (`redacted`: with sources, witnesses and victims' names withheld, as `partners.redaction` says).

    Three queries whatever the number of entries: the entries, the reader's organisations, and the names of
    the categories they mention.
    """
    entries = list(
        ChangeLogEntry.objects.filter(object_type="incidents.incident", object_id=str(incident.pk))
        .order_by("-id")[:limit]
    )
    entries.reverse()
    sides = hide_unreadable(entries, user, incident.mission_id)
    if redacted:
        from .redaction import redact_snapshot

        for entry in entries:
            entry.before, entry.after = redact_snapshot(entry.before), redact_snapshot(entry.after)
    category_ids = {
        snap.get("category_id") for e in entries for snap in (e.before, e.after) if snap and snap.get("category_id")
    }
    categories = {}
    if category_ids:
        categories = {c.pk: category_name(c) for c in Category.objects.filter(pk__in=category_ids)}
    history = []
    for entry, hidden in zip(entries, sides, strict=True):
        item = HistoryEntry(entry=entry, before_hidden=hidden.before_hidden, after_hidden=hidden.after_hidden)
        if entry.before and entry.after:
            for name, label in FIELD_LABELS.items():
                old, new = entry.before.get(name), entry.after.get(name)
                if old != new:
                    item.changes.append(FieldChange(str(label), _text(name, old, categories),
                                                    _text(name, new, categories)))
        history.append(item)
    return history

"""What of an incident a reader who reads it redacted receives (who that is: `partners.redaction.Reader`).

A redacted reader receives an incident with
- the references of its sources blanked (type and Admiralty grading stay: how far to trust it, not who said it);
- its witnesses left out;
- its victims' names replaced by "withheld" (their type and role stay).
The functions below apply that to each shape an incident is read in: the API detail dict (`redact_detail`, also
the partner feed's records), an export record (`redact_record`), a change-log snapshot (`redact_snapshot`) and
the detail page (`redact_page`). Every read path that shows sources or actors calls one of them.
"""

import copy
from dataclasses import replace

from .choices import ActorRole

#: What a redacted incident says in place of a victim's name.
WITHHELD = "withheld"
#: The names of what redaction withholds, as the API's `withheld` list gives them.
WITHHELD_FIELDS = ["source_references", "witnesses", "victim_names"]
#: Actor roles whose names a redacted reader does not receive.
PROTECTED_ROLES = (ActorRole.WITNESS, ActorRole.VICTIM)


def _actor_kept(role: str) -> bool:
    return role != ActorRole.WITNESS


def redact_detail(detail: dict) -> dict:
    """An API detail dict (`incidents.schemas.detail_of`) as a redacted reader receives it."""
    out = dict(detail)
    out["sources"] = [{**s, "reference": ""} for s in detail["sources"]]
    out["actors"] = [
        {**a, "name": WITHHELD} if a["role"] == ActorRole.VICTIM else a
        for a in detail["actors"] if _actor_kept(a["role"])
    ]
    out["withheld"] = list(WITHHELD_FIELDS)
    return out


def redact_record(record):
    """An export record (`incidents.formats.exporters.records.IncidentRecord`) as a redacted reader receives it."""
    return replace(
        record,
        sources=[s._replace(reference="") for s in record.sources],
        actors=[a._replace(name=WITHHELD) if a.role == ActorRole.VICTIM else a
                for a in record.actors if _actor_kept(a.role)],
    )


def redact_snapshot(snapshot: dict | None) -> dict | None:
    """A change-log snapshot of an incident (`incidents.services.incident_snapshot`), redacted."""
    if not snapshot:
        return snapshot
    out = dict(snapshot)
    if "sources" in out:
        out["sources"] = [{**s, "reference": ""} for s in out["sources"] or []]
    if "actors" in out:
        out["actors"] = [[WITHHELD, role] if role == ActorRole.VICTIM else [name, role]
                         for name, role in out["actors"] or [] if _actor_kept(role)]
    return out


def redact_page(sources: list, actor_links: list) -> tuple[list, list]:
    """The sources and actor links the detail page lists, redacted (unsaved copies; the records stay whole)."""
    shown_sources = []
    for source in sources:
        source = copy.copy(source)
        source.reference = ""
        shown_sources.append(source)
    shown_links = []
    for link in actor_links:
        if not _actor_kept(link.role):
            continue
        if link.role == ActorRole.VICTIM:
            link = copy.copy(link)
            link.actor = copy.copy(link.actor)
            link.actor.name = WITHHELD
        shown_links.append(link)
    return shown_sources, shown_links

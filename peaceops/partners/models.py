"""Release scopes: what of a released record an organisation receives beyond its shared fields.

A record's releasability (`DomainRecord.releasable_to`) says WHO receives it; a `ReleaseScope` says WHAT
they receive of it. Without a scope row, an organisation that does not own the record receives it with its
sources' references, its witnesses and its victims' names withheld (see `redaction.py`). The scope lives in
this app, keyed by (incident, organisation), so that it does not depend on how releasability is stored.
"""

from django.db import models


class ReleaseScope(models.Model):
    """The fields one organisation receives of one incident, beyond what every reader receives."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="release_scopes")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    include_sources = models.BooleanField(
        default=False, help_text="Also release source references, witnesses and victims' names"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "organisation"], name="uniq_release_scope")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} to {self.organisation_id}: sources {'yes' if self.include_sources else 'no'}"

    @property
    def mission_id(self) -> int:
        """The incident's mission (the change log files scope changes under it)."""
        return self.incident.mission_id

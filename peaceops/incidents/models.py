"""Incidents and what hangs off them: taxonomy categories, actors, casualties and sources."""

from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from peaceops.core.records import DomainRecord
from peaceops.geo.h3cells import ParentCell

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


class Category(models.Model):
    """One entry of a mission's incident taxonomy tree, mapped to ACLED and UCDP codes where they apply."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=64)
    path = models.CharField(max_length=255, help_text="Codes from the root, joined by '/'")
    name = models.CharField(max_length=200)
    names = models.JSONField(default=dict, blank=True, help_text="Translations by language code")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    acled_event_type = models.CharField(max_length=64, blank=True)
    acled_sub_event_type = models.CharField(max_length=100, blank=True)
    ucdp_type_of_violence = models.PositiveSmallIntegerField(null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["mission", "path"]
        constraints = [models.UniqueConstraint(fields=["mission", "path"], name="uniq_category_path")]

    def __str__(self) -> str:
        return self.name


class Actor(models.Model):
    """A party named in incidents: armed group, state force, protesters, civilians, UN... (mission reference data)."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(max_length=300)
    type = models.CharField(max_length=32, choices=ActorType.choices, default=ActorType.UNKNOWN)
    ucdp_actor_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="uniq_actor_name")]

    def __str__(self) -> str:
        return self.name


#: The H3 resolution of the cell index: cells of about 36 km2, a few dozen to cover a district-sized map view.
AREA_CELL_RESOLUTION = 6
#: The columns the wide indexes carry after their keys, so that viewport, visibility and aggregate tests and sums
#: are answered from the index alone.
AGGREGATE_COLUMNS = ["lon", "lat", "classification", "owner", "category", "admin1", "admin2", "status",
                     "fatalities_low", "fatalities_best", "fatalities_high", "injured_best"]


class Incident(DomainRecord):
    """Something reported to have happened at a place and time, with its uncertainty made explicit."""

    # Indexed through the composite indexes below (mission first), not on its own.
    mission = models.ForeignKey("core.Mission", on_delete=models.PROTECT, related_name="+", db_index=False)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    occurred_start = models.DateTimeField()
    occurred_end = models.DateTimeField()
    time_precision = models.CharField(max_length=8, choices=TimePrecision.choices, default=TimePrecision.DAY)
    reported_at = models.DateTimeField()
    lon = models.FloatField()
    lat = models.FloatField()
    location_precision = models.CharField(
        max_length=8, choices=LocationPrecision.choices, default=LocationPrecision.EXACT
    )
    location_name = models.CharField(max_length=300, blank=True)
    admin1 = models.ForeignKey(
        "geo.AdminArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    admin2 = models.ForeignKey(
        "geo.AdminArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    h3_cell = models.BigIntegerField(null=True, blank=True, help_text="H3 cell of the point (resolution 12)")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED)
    fatalities_low = models.PositiveIntegerField(default=0)
    fatalities_best = models.PositiveIntegerField(default=0)
    fatalities_high = models.PositiveIntegerField(default=0)
    injured_low = models.PositiveIntegerField(default=0)
    injured_best = models.PositiveIntegerField(default=0)
    injured_high = models.PositiveIntegerField(default=0)
    # External ids are NULL when unknown (not ""), so that the unique constraints allow many unknowns.
    ucdp_id = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001
    acled_id = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001
    external_id = models.CharField(  # noqa: DJ001
        max_length=100, null=True, blank=True, help_text="Id in another source file"
    )
    # What an import repaired in the source's values to keep the domain rules (e.g. a UCDP GED row whose high
    # estimate was below its best), in words; shown on the incident page. NULL when nothing was repaired (and
    # so the column is added in place, keeping the table's triggers).
    data_repairs = models.TextField(  # noqa: DJ001
        null=True, blank=True, help_text="What the import repaired in the source's values, and why"
    )
    # The releasability list, with who released to whom, when, until when and through which group.
    releasable_to = models.ManyToManyField(
        "core.Organisation", through="IncidentRelease", blank=True, related_name="+",
        help_text="Organisations this record is released to",
    )

    class Meta:
        ordering = ["-occurred_start", "-id"]
        # Measured at 1M incidents (docs/benchmarks.md). Both wide indexes carry every column the list, map and
        # aggregate queries read (place, cell, visibility, category, areas, status, casualties), so those queries
        # never touch the table rows. The mission/time index serves the keyset list order and time windows; the
        # cell index (mission, H3 cell at AREA_CELL_RESOLUTION, time) serves map viewports as a list of cells
        # (see viewport.py); the time index serves users of several missions and superusers.
        indexes = [
            models.Index(fields=["mission", "occurred_start", "id", *AGGREGATE_COLUMNS, "h3_cell"],
                         name="incident_mission_time_idx"),
            models.Index(F("mission"), ParentCell(F("h3_cell"), resolution=AREA_CELL_RESOLUTION), F("occurred_start"),
                         *(F(name) for name in AGGREGATE_COLUMNS), F("h3_cell"), F("id"), name="incident_cell_idx"),
            models.Index(fields=["occurred_start", "id"], name="incident_time_idx"),
        ]
        constraints = [
            # Each organisation's own numbering: unique per owner, so that a duplicate answers only about the
            # caller's organisation's incidents, never about one hidden from them (docs/security.md, class 3).
            models.UniqueConstraint(fields=["mission", "owner", "ucdp_id"], name="uniq_incident_owner_ucdp_id"),
            models.UniqueConstraint(fields=["mission", "owner", "acled_id"], name="uniq_incident_owner_acled_id"),
            models.UniqueConstraint(fields=["mission", "owner", "external_id"],
                                    name="uniq_incident_owner_external_id"),
        ]

    def __str__(self) -> str:
        return self.title[:200]

    def released_organisations(self) -> list:
        """The organisations the incident is released to now: expired releases are left out even before
        `peaceops expire-releases` removes them. Uses `releases_in_force` when the query prefetched it
        (`releases_in_force_prefetch()`), else asks the database."""
        releases = getattr(self, "releases_in_force", None)
        if releases is None:
            releases = self.releases.filter(IncidentRelease.in_force()).select_related("organisation")
        return [release.organisation for release in releases]


class IncidentRelease(models.Model):
    """One organisation an incident is released to: by whom and when, until when (optional), and through
    which named group or sharing agreement, if any (kept as text for display).

    The table is the one Django created for the plain releasability list (the tally triggers watch it); an
    expired release stops counting for `visible_to` at once and is removed by `peaceops expire-releases`.
    """

    # No index of its own: the unique (incident, organisation) index serves every lookup by incident.
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="releases", db_index=False)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(null=True, blank=True, help_text="Empty for releases older than the field")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", db_index=False)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True,
                                      help_text="After this moment the organisation no longer sees the incident")
    via_group = models.CharField(  # noqa: DJ001 - NULL keeps the column addable in place (SQLite triggers)
        max_length=200, null=True, blank=True, help_text="The group or agreement the release came through")

    class Meta:
        db_table = "incidents_incident_releasable_to"
        unique_together = [("incident", "organisation")]
        # visible_to's release test (incident, organisation, not expired) from the index alone.
        indexes = [models.Index(fields=["incident", "organisation", "expires_at"], name="incident_release_force_idx")]

    def __str__(self) -> str:
        return f"{self.incident_id} to {self.organisation_id}"

    @staticmethod
    def in_force(now=None) -> Q:
        """The condition on release rows that have not expired (at `now`, default the current time)."""
        return Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now())


def releases_in_force_prefetch() -> Prefetch:
    """Prefetch an incident's releases that have not expired, with their organisations, as
    `releases_in_force` (what `Incident.released_organisations` reads)."""
    return Prefetch("releases", to_attr="releases_in_force",
                    queryset=IncidentRelease.objects.filter(IncidentRelease.in_force()).select_related("organisation"))


class IncidentActor(models.Model):
    """An actor's part in an incident: perpetrator, target, victim or witness."""

    # No index of its own: the unique (incident, actor, role) index serves every lookup by incident.
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actor_links", db_index=False)
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="incident_links")
    role = models.CharField(max_length=16, choices=ActorRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "actor", "role"], name="uniq_incident_actor")]

    def __str__(self) -> str:
        return f"{self.actor_id} as {self.role}"


class Casualty(models.Model):
    """Killed and injured in one group (civilians, UN personnel, ...) as low / best / high estimates."""

    # No index of its own: the unique (incident, group) index serves every lookup by incident.
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="casualties", db_index=False)
    group = models.CharField(max_length=16, choices=CasualtyGroup.choices)
    killed_low = models.PositiveIntegerField(default=0)
    killed_best = models.PositiveIntegerField(default=0)
    killed_high = models.PositiveIntegerField(default=0)
    injured_low = models.PositiveIntegerField(default=0)
    injured_best = models.PositiveIntegerField(default=0)
    injured_high = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "casualties"
        constraints = [models.UniqueConstraint(fields=["incident", "group"], name="uniq_casualty_group")]

    def __str__(self) -> str:
        return f"{self.group}: killed {self.killed_low}/{self.killed_best}/{self.killed_high}"


class Source(models.Model):
    """Where the information came from, graded with the Admiralty code (reliability A-F, credibility 1-6)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    type = models.CharField(max_length=16, choices=SourceType.choices, default=SourceType.OTHER)
    reference = models.TextField(blank=True, help_text="Article, report number, person (as allowed)")
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.F)
    credibility = models.CharField(max_length=1, choices=Credibility.choices, default=Credibility.CANNOT_JUDGE)
    reported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.type} {self.reliability}{self.credibility}"


from .tally_models import CellMonthTally, DayTally, IncidentExtent, TallyPause  # noqa: E402, F401 - registered with the app

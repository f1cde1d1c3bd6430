"""Operations: saved patrol routes, patrols (plan, run, report, track), incidents proposed as related to a
patrol, checkpoint shifts with what they seized, and patrol presence per H3 cell and week (the coverage)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.kit.mixins import ExternallyIdentified, Record, RecordRelease, releasable_through
from peaceops.core.records import DomainRecord, labelled

from .choices import PatrolStatus, PatrolType, ProposalStatus, RestrictionKind, TimeOfDay, TrackSource


class PatrolRoute(ExternallyIdentified, Record, DomainRecord):
    """A route patrols follow, saved to be picked again: a line of [lon, lat] points."""

    name = models.CharField(_("name"), max_length=200)
    path = models.JSONField(_("route"), default=list, help_text=_("[[lon, lat], ...]: two points or more"))
    notes = models.TextField(_("notes"), blank=True)
    releasable_to = releasable_through("PatrolRouteRelease")

    withheld_from_partners = ("notes",)

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("patrol route")
        verbose_name_plural = _("patrol routes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PatrolRouteRelease(RecordRelease):
    patrolroute = models.ForeignKey(PatrolRoute, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patrolroute", "organisation"], name="uniq_route_release")]

    def __str__(self) -> str:
        return f"{self.patrolroute_id} to {self.organisation_id}"


class Patrol(ExternallyIdentified, Record, DomainRecord):
    """A patrol: planned (type, day or night, route, units, leader, times, a partner for a joint patrol), run
    (under way, completed, cancelled, aborted with a reason), tracked (positions: `TrackPoint`) and reported
    (summary, people met, freedom-of-movement restrictions, observations)."""

    name = models.CharField(_("name"), max_length=200)
    patrol_type = models.CharField(_("type"), max_length=12, choices=PatrolType.choices, default=PatrolType.MOBILE)
    time_of_day = models.CharField(_("day or night"), max_length=6, choices=TimeOfDay.choices,
                                   default=TimeOfDay.DAY)
    joint_with = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("joint with"),
                                   help_text=_("The partner a joint patrol goes with (released to it)"))
    route = models.ForeignKey(PatrolRoute, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("saved route"))
    path = models.JSONField(_("planned route"), default=list, blank=True,
                            help_text=_("[[lon, lat], ...]; from the saved route when not drawn"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("leader"))
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    status = models.CharField(_("status"), max_length=10, choices=PatrolStatus.choices,
                              default=PatrolStatus.PLANNED)
    status_reason = models.TextField(_("reason"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    summary = models.TextField(_("report"), blank=True)
    people_met = models.TextField(_("people met"), blank=True)
    #: A patrol is CONFIDENTIAL unless said otherwise: where the mission goes is for the mission and the partners
    #: it releases a patrol to (a joint patrol's partner), not for every organisation taking part.
    classification = labelled(models.CharField(max_length=24, choices=Classification.choices,
                                               default=Classification.CONFIDENTIAL), _("Classification"))
    releasable_to = releasable_through("PatrolRelease")

    snapshot_children = {
        "units": ("unit",),
        "restrictions": ("at", "kind", "place", "imposed_by", "description", "lon", "lat"),
    }
    withheld_from_partners = ("people_met",)  # who spoke to the mission is not the partner's to know

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-planned_start", "id"]
        indexes = [models.Index(fields=["mission", "planned_start", "id"], name="patrol_mission_start_idx"),
                   models.Index(fields=["mission", "status"], name="patrol_mission_status_idx")]

    def __str__(self) -> str:
        return self.name


class PatrolRelease(RecordRelease):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patrol", "organisation"], name="uniq_patrol_release")]

    def __str__(self) -> str:
        return f"{self.patrol_id} to {self.organisation_id}"


class PatrolUnit(models.Model):
    """A unit taking part in a patrol."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("force.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patrol", "unit"], name="uniq_patrol_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} on {self.patrol_id}"


class MovementRestriction(models.Model):
    """A freedom-of-movement restriction the patrol met: when, what, where, by whom."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="restrictions")
    at = models.DateTimeField(_("when"))
    kind = models.CharField(_("kind"), max_length=12, choices=RestrictionKind.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    imposed_by = models.CharField(_("imposed by"), max_length=200, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("freedom-of-movement restriction")
        verbose_name_plural = _("freedom-of-movement restrictions")
        ordering = ["patrol", "at"]
        constraints = [models.UniqueConstraint(fields=["patrol", "at"], name="uniq_patrol_restriction")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at}"


class PatrolObservation(models.Model):
    """Something the patrol saw, reported from the field; turned into an incident with one click (`incident`,
    also linked as a record link from the patrol)."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="observations")
    observed_at = models.DateTimeField(_("when"))
    text = models.TextField(_("what was seen"))
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("incident"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["patrol", "observed_at", "id"]

    def __str__(self) -> str:
        return f"{self.patrol_id} {self.observed_at}"


class TrackPoint(models.Model):
    """One position of a patrol, as a phone or tracker sent it or a track file gave it. A position sent again
    (same patrol and time) is the same position."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="+", db_index=False)
    t = models.DateTimeField()
    lon = models.FloatField()
    lat = models.FloatField()
    accuracy_m = models.FloatField(null=True, blank=True)
    elevation_m = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=TrackSource.choices, default=TrackSource.API)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patrol", "t"], name="uniq_track_point")]

    def __str__(self) -> str:
        return f"{self.patrol_id} {self.t}"


class PatrolTrack(models.Model):
    """What is known of a patrol's track as a whole, kept up to date as positions arrive: how many, when, how
    long, its box, and a simplified line for maps."""

    patrol = models.OneToOneField(Patrol, on_delete=models.CASCADE, related_name="track", primary_key=True)
    points = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    length_m = models.FloatField(default=0)
    bbox = models.JSONField(default=list, blank=True, help_text="[west, south, east, north]")
    line = models.JSONField(default=list, blank=True, help_text="Simplified [[lon, lat], ...] for maps")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.patrol_id}: {self.points} points"

    @property
    def length_km(self) -> float:
        """The track's length in kilometres (for people; `length_m` for machines)."""
        return self.length_m / 1000


class IncidentProposal(models.Model):
    """An incident near a patrol's track in its time window, proposed as related; the leader confirms (a record
    link is made) or rejects it."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="proposals")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    distance_m = models.FloatField()
    minutes_apart = models.FloatField(default=0, help_text="0 when the incident happened while the patrol was out")
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["patrol", "distance_m"]
        constraints = [models.UniqueConstraint(fields=["patrol", "incident"], name="uniq_incident_proposal")]

    def __str__(self) -> str:
        return f"{self.incident_id} for {self.patrol_id} ({self.status})"


class CheckpointShift(ExternallyIdentified, Record, DomainRecord):
    """One shift at a checkpoint (a site of that type): vehicles and persons checked, items and weapons seized
    (weapons by serial number)."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("checkpoint"))
    started_at = models.DateTimeField(_("shift started"))
    ended_at = models.DateTimeField(_("shift ended"), null=True, blank=True)
    vehicles_checked = models.PositiveIntegerField(_("vehicles checked"), default=0)
    persons_checked = models.PositiveIntegerField(_("persons checked"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    releasable_to = releasable_through("CheckpointShiftRelease")

    snapshot_children = {"seizures": ("item", "quantity", "notes"),
                         "weapons": ("serial_number", "weapon_type", "calibre", "notes")}
    withheld_from_partners = ("notes",)

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("checkpoint shift")
        verbose_name_plural = _("checkpoint shifts")
        ordering = ["-started_at", "id"]
        indexes = [models.Index(fields=["site", "started_at"], name="shift_site_start_idx")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.started_at:%Y-%m-%d %H:%M}"


class CheckpointShiftRelease(RecordRelease):
    checkpointshift = models.ForeignKey(CheckpointShift, on_delete=models.CASCADE, related_name="releases",
                                        db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkpointshift", "organisation"],
                                               name="uniq_shift_release")]

    def __str__(self) -> str:
        return f"{self.checkpointshift_id} to {self.organisation_id}"


class Seizure(models.Model):
    """Items a checkpoint shift seized (other than weapons)."""

    shift = models.ForeignKey(CheckpointShift, on_delete=models.CASCADE, related_name="seizures")
    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shift", "item"], name="uniq_shift_seizure")]

    def __str__(self) -> str:
        return f"{self.quantity} {self.item}"


class SeizedWeapon(models.Model):
    """A weapon a checkpoint shift seized, by its serial number."""

    shift = models.ForeignKey(CheckpointShift, on_delete=models.CASCADE, related_name="weapons")
    serial_number = models.CharField(_("serial number"), max_length=100)
    weapon_type = models.CharField(_("weapon type"), max_length=100)
    calibre = models.CharField(_("calibre"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shift", "serial_number"], name="uniq_seized_weapon")]
        indexes = [models.Index(fields=["serial_number"], name="seized_weapon_serial_idx")]

    def __str__(self) -> str:
        return f"{self.weapon_type} {self.serial_number}"


class CellPresence(models.Model):
    """Time a patrol spent in one H3 cell (`coverage.RESOLUTION`) in one week (its Monday): the coverage
    layer's sums, kept up to date as the patrol's positions arrive."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="+", db_index=False)
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="+", db_index=False)
    week = models.DateField()
    cell = models.BigIntegerField()
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patrol", "week", "cell"], name="uniq_cell_presence")]
        # seconds last: the coverage's sum per cell of a mission's weeks reads the index alone (no table lookup)
        indexes = [models.Index(fields=["mission", "week", "cell", "seconds"], name="presence_week_cell_secs_idx")]

    def __str__(self) -> str:
        return f"{self.patrol_id} {self.week} {self.cell}"

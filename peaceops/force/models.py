"""The force registry: contingents, their units (strength by rank category and gender, deployments to sites over
time, rotations), the UN's published contributions of uniformed personnel, and the mission's women, peace and
security targets."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.mixins import ExternallyIdentified, Record, RecordRelease, releasable_through
from peaceops.core.records import DomainRecord

from .choices import ContingentKind, Gender, PersonnelCategory, RankCategory, RotationStatus, UnitType

YEAR = [MinValueValidator(1945), MaxValueValidator(2199)]


class Contingent(ExternallyIdentified, Record, DomainRecord):
    """One contributing country's military or police contribution to the mission, with its national caveats
    (what its government does not allow its troops or police to do)."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3 code, e.g. POL"))
    kind = models.CharField(_("kind"), max_length=10, choices=ContingentKind.choices,
                            default=ContingentKind.MILITARY)
    national_caveats = models.TextField(_("national caveats"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    releasable_to = releasable_through("ContingentRelease")

    withheld_from_partners = ("national_caveats", "notes")

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("contingent")
        verbose_name_plural = _("contingents")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ContingentRelease(RecordRelease):
    contingent = models.ForeignKey(Contingent, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contingent", "organisation"],
                                               name="uniq_contingent_release")]

    def __str__(self) -> str:
        return f"{self.contingent_id} to {self.organisation_id}"


class Unit(ExternallyIdentified, Record, DomainRecord):
    """A unit of a contingent (a battalion, a formed police unit, a team of observers): its strength by rank
    category and gender (authorised and deployed, as of a date), where it was deployed and when, its
    rotations, and its own caveats."""

    contingent = models.ForeignKey(Contingent, on_delete=models.PROTECT, related_name="units",
                                   verbose_name=_("contingent"))
    name = models.CharField(_("name"), max_length=200)
    unit_type = models.CharField(_("type"), max_length=20, choices=UnitType.choices,
                                 default=UnitType.INFANTRY_BATTALION)
    national_caveats = models.TextField(_("national caveats"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    releasable_to = releasable_through("UnitRelease")

    snapshot_children = {
        "strengths": ("as_of", "rank_category", "gender", "authorised", "deployed"),
        "deployments": ("start", "end", "site", "strength"),
        "rotations": ("due_on", "incoming", "outgoing", "status", "completed_on"),
    }
    withheld_from_partners = ("national_caveats", "notes")

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class UnitRelease(RecordRelease):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "organisation"], name="uniq_unit_release")]

    def __str__(self) -> str:
        return f"{self.unit_id} to {self.organisation_id}"


class UnitStrength(models.Model):
    """A unit's authorised and deployed strength in one rank category and gender, as of a date."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="strengths")
    as_of = models.DateField(_("as of"))
    rank_category = models.CharField(_("rank category"), max_length=8, choices=RankCategory.choices)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    authorised = models.PositiveIntegerField(_("authorised"), default=0)
    deployed = models.PositiveIntegerField(_("deployed"), default=0)

    class Meta:
        ordering = ["unit", "as_of", "rank_category", "gender"]
        constraints = [models.UniqueConstraint(fields=["unit", "as_of", "rank_category", "gender"],
                                               name="uniq_unit_strength")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.as_of} {self.rank_category} {self.gender}"


class UnitDeployment(models.Model):
    """A unit (or part of it: `strength`) deployed at a site from `start` until `end` (open: still there)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="deployments")
    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    strength = models.PositiveIntegerField(_("strength"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "start"]
        indexes = [models.Index(fields=["site", "start"], name="unitdeployment_site_idx")]
        constraints = [models.UniqueConstraint(fields=["unit", "start", "site"], name="uniq_unit_deployment")]

    def __str__(self) -> str:
        return f"{self.unit_id} at {self.site_id} from {self.start}"


class Rotation(models.Model):
    """A unit's rotation: the day it is due, how many come in and go out, and whether it happened."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="rotations")
    due_on = models.DateField(_("due on"))
    incoming = models.PositiveIntegerField(_("incoming"), default=0)
    outgoing = models.PositiveIntegerField(_("outgoing"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=RotationStatus.choices,
                              default=RotationStatus.PLANNED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "due_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "due_on"], name="uniq_unit_rotation")]
        indexes = [models.Index(fields=["status", "due_on"], name="rotation_due_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} rotation {self.due_on}"


class Contribution(ExternallyIdentified, Record, DomainRecord):
    """Uniformed personnel a country contributed, as the UN publishes it: women and men of one country in one
    UN mission (`un_mission`, an acronym; blank: all missions together) in a year, or in a month (`month`) or at
    a reporting date (`as_of`) for a monthly snapshot."""

    country = models.CharField(_("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3 code"))
    country_name = models.CharField(_("country as published"), max_length=120, blank=True)
    un_mission = models.CharField(_("UN mission"), max_length=20, blank=True,
                                  help_text=_("Acronym as the UN publishes it; blank: all missions"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(12)])
    as_of = models.DateField(_("reported on"), null=True, blank=True)
    personnel_category = models.CharField(_("personnel category"), max_length=20, blank=True,
                                          choices=PersonnelCategory.choices,
                                          help_text=_("Blank: all uniformed personnel"))
    female = models.PositiveIntegerField(_("women"), default=0)
    male = models.PositiveIntegerField(_("men"), default=0)
    published_total = models.PositiveIntegerField(
        _("total as published"), null=True, blank=True,
        help_text=_("Kept when the source's total is not women + men (rounding in the source): the figures of "
                    "women and men are kept as published, and so is the total"))
    releasable_to = releasable_through("ContributionRelease")

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("contribution of uniformed personnel")
        verbose_name_plural = _("contributions of uniformed personnel")
        ordering = ["-year", "un_mission", "country", "id"]
        indexes = [models.Index(fields=["mission", "un_mission", "year"], name="contribution_mission_year_idx"),
                   models.Index(fields=["mission", "country", "year"], name="contribution_country_year_idx")]

    def __str__(self) -> str:
        return f"{self.country} {self.un_mission or '*'} {self.year}"

    @property
    def total(self) -> int:
        """The total as published (women + men unless the source said otherwise)."""
        return self.female + self.male if self.published_total is None else self.published_total


class ContributionRelease(RecordRelease):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="releases",
                                     db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contribution", "organisation"],
                                               name="uniq_contribution_release")]

    def __str__(self) -> str:
        return f"{self.contribution_id} to {self.organisation_id}"


class GenderTarget(models.Model):
    """The women's share of uniformed personnel the mission aims at in a year, for one personnel category (the
    UN's uniformed gender parity strategy 2018-2028 sets the path; each mission sets its own yearly figures)."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="gender_targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    personnel_category = models.CharField(_("personnel category"), max_length=20,
                                          choices=PersonnelCategory.choices)
    share = models.DecimalField(_("target share of women (%)"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("gender target")
        verbose_name_plural = _("gender targets")
        ordering = ["mission", "year", "personnel_category"]
        constraints = [models.UniqueConstraint(fields=["mission", "year", "personnel_category"],
                                               name="uniq_gender_target")]

    def __str__(self) -> str:
        return f"{self.year} {self.personnel_category}: {self.share}%"

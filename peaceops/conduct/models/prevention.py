"""Prevention of sexual exploitation and abuse: the risk assessed at each deployment site, training completion
per unit, and the measures each unit takes. Ordinary records (the sharing rule), not need-to-know: they name
no case and no person."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.mixins import ExternallyIdentified, Record, RecordRelease, releasable_through
from peaceops.core.records import DomainRecord

from ..choices import MeasureKind, RiskLevel, TrainingCourse

SCORE = [MinValueValidator(0), MaxValueValidator(3)]


class RiskAssessment(Record, DomainRecord):
    """The SEA risk at a deployment site on a date: its surroundings scored 0 (none) to 3 (high), the past
    allegations at the site (counted by the service, suppressed below the mission's threshold), and the level
    the assessor gives."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    assessed_on = models.DateField(_("assessed on"))
    population_nearby = models.PositiveSmallIntegerField(
        _("civilians living close to the site"), default=0, validators=SCORE
    )
    displaced_nearby = models.PositiveSmallIntegerField(
        _("camps of displaced people nearby"), default=0, validators=SCORE
    )
    poverty = models.PositiveSmallIntegerField(
        _("poverty and food insecurity around"), default=0, validators=SCORE
    )
    night_life = models.PositiveSmallIntegerField(
        _("bars and night life nearby"), default=0, validators=SCORE
    )
    unescorted_movement = models.PositiveSmallIntegerField(
        _("personnel moving out unescorted"), default=0, validators=SCORE
    )
    past_allegations = models.PositiveIntegerField(_("past allegations at the site"), null=True, blank=True)
    level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.LOW)
    notes = models.TextField(_("notes"), blank=True)
    releasable_to = releasable_through("RiskAssessmentRelease")

    class Meta:
        verbose_name = _("SEA risk assessment")
        verbose_name_plural = _("SEA risk assessments")
        ordering = ["-assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self.site} {self.assessed_on}"


class RiskAssessmentRelease(RecordRelease):
    riskassessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="releases", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["riskassessment", "organisation"], name="uniq_riskassessment_release"
            )
        ]


class TrainingCompletion(ExternallyIdentified, Record, DomainRecord):
    """How many of a unit's personnel completed an SEA prevention course, as of a date (imported from the
    training lists: counted, names not kept)."""

    unit = models.ForeignKey("force.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    course = models.CharField(
        _("course"), max_length=16, choices=TrainingCourse.choices, default=TrainingCourse.INDUCTION
    )
    as_of = models.DateField(_("as of"))
    trained = models.PositiveIntegerField(_("trained"), default=0)
    strength = models.PositiveIntegerField(
        _("strength"), default=0, help_text=_("Personnel who should be trained")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Where the figures come from"))
    releasable_to = releasable_through("TrainingCompletionRelease")

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("SEA training completion")
        verbose_name_plural = _("SEA training completions")
        ordering = ["-as_of", "id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.course} {self.as_of}"


class TrainingCompletionRelease(RecordRelease):
    trainingcompletion = models.ForeignKey(
        TrainingCompletion, on_delete=models.CASCADE, related_name="releases", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainingcompletion", "organisation"], name="uniq_trainingcompletion_release"
            )
        ]


class PreventionMeasure(Record, DomainRecord):
    """A measure a unit takes against SEA (off-limits areas, curfew, awareness campaign...), from when until
    when."""

    unit = models.ForeignKey("force.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    releasable_to = releasable_through("PreventionMeasureRelease")

    class Meta:
        verbose_name = _("prevention measure")
        verbose_name_plural = _("prevention measures")
        ordering = ["-started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.unit})"


class PreventionMeasureRelease(RecordRelease):
    preventionmeasure = models.ForeignKey(
        PreventionMeasure, on_delete=models.CASCADE, related_name="releases", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["preventionmeasure", "organisation"], name="uniq_preventionmeasure_release"
            )
        ]

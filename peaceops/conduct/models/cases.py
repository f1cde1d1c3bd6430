"""A misconduct case: one allegation against mission personnel, as the UN records it, through its workflow.

Cases are need-to-know (`need_to_know = True`): read only by the conduct staff assigned to them, or by a
break-glass access (`core.assignments`); no role, not even a superuser's, reads one otherwise. The case holds
no name: the people in it (victims, witnesses, subjects) are `CasePerson` rows with their identities encrypted.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.mixins import ExternallyIdentified, Record, RecordRelease, releasable_through
from peaceops.core.records import DomainRecord

from ..choices import (
    ActionBy,
    ActionStage,
    AgeGroup,
    AllegationKind,
    Answer,
    AssistanceKind,
    AssistanceStatus,
    CaseStatus,
    Category,
    DatePrecision,
    IntakeChannel,
    Investigator,
    NioAnswer,
    Outcome,
    PersonnelCategory,
)


class Case(ExternallyIdentified, Record, DomainRecord):
    """One misconduct allegation (one row of the UN's public table): who is alleged to have done what, to whom
    (counted, never named here), when it was reported, who investigates and with what outcome and actions."""

    need_to_know = True

    reference = models.CharField(
        _("reference"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("Given when the case is recorded, e.g. UNMIK-CDT-2026-0007"),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What is alleged, without names: the people go in the people section, encrypted"),
    )
    intake_channel = models.CharField(
        _("received through"), max_length=20, choices=IntakeChannel.choices, default=IntakeChannel.STAFF
    )
    referred_by = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    alert = models.ForeignKey(
        "alerts.Alert",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("community alert"),
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case owner"),
        help_text=_("The conduct officer responsible for the case; told of every break-glass access"),
    )
    un_mission = models.CharField(
        _("UN mission"),
        max_length=20,
        blank=True,
        help_text=_("Acronym as the UN publishes it; blank: this mission"),
    )
    reported_on = models.DateField(_("date reported"))
    reported_precision = models.CharField(
        _("precision of the date reported"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    incident_from = models.DateField(_("incident from"), null=True, blank=True)
    incident_from_precision = models.CharField(
        _("precision of the incident's start"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    incident_to = models.DateField(_("incident until"), null=True, blank=True)
    incident_to_precision = models.CharField(
        _("precision of the incident's end"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    personnel_category = models.CharField(
        _("personnel category"),
        max_length=24,
        choices=PersonnelCategory.choices,
        default=PersonnelCategory.UNKNOWN,
    )
    personnel_published = models.CharField(_("personnel type as published"), max_length=200, blank=True)
    subjects = models.PositiveIntegerField(_("number of subjects"), null=True, blank=True)
    nationality = models.CharField(
        _("nationality"),
        max_length=3,
        blank=True,
        help_text=_("Of uniformed personnel: ISO 3166-1 alpha-3 code"),
    )
    nationality_name = models.CharField(_("nationality as published"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=2, choices=Category.choices, default=Category.ONE)
    paternity_claim = models.BooleanField(_("paternity claim"), default=False)
    paternity_established = models.CharField(
        _("paternity established"), max_length=8, blank=True, choices=Answer.choices
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    investigator = models.CharField(
        _("investigated by"), max_length=16, blank=True, choices=Investigator.choices
    )
    investigator_published = models.CharField(_("investigation as published"), max_length=60, blank=True)
    nio_requested_on = models.DateField(_("NIO requested on"), null=True, blank=True)
    nio_appointed = models.CharField(_("NIO appointed"), max_length=12, blank=True, choices=NioAnswer.choices)
    investigation_started_on = models.DateField(_("investigation started on"), null=True, blank=True)
    investigation_ended_on = models.DateField(_("investigation ended on"), null=True, blank=True)
    investigation_days = models.PositiveIntegerField(
        _("investigation (days)"),
        null=True,
        blank=True,
        help_text=_("As published; counted from the dates otherwise"),
    )
    outcome = models.CharField(_("outcome"), max_length=26, blank=True, choices=Outcome.choices)
    criminal_referral = models.CharField(
        _("referral for criminal accountability"), max_length=8, blank=True, choices=Answer.choices
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    site = models.ForeignKey(
        "sites.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("The deployment site the subjects served at"),
    )
    unit = models.ForeignKey(
        "force.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The subjects' unit, when known"),
    )
    # The current step's deadline, and what the worker did about it (`deadlines.sweep`).
    step_due_at = models.DateTimeField(_("current step due"), null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    releasable_to = releasable_through("CaseRelease")

    snapshot_children = {
        "victims": ("age_group", "count"),
        "allegations": ("position", "kind", "label"),
        "results": ("position", "outcome", "detail", "count"),
        "actions": ("position", "stage", "taken_by", "label", "count", "taken_on"),
        "assistance": ("position", "kind", "status", "referred_on", "received_on", "provider", "note"),
    }

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("conduct case")
        verbose_name_plural = _("conduct cases")
        ordering = ["-reported_on", "-created_at"]
        indexes = [
            models.Index(fields=["mission", "un_mission", "reported_on"], name="case_mission_reported_idx"),
            models.Index(fields=["status", "step_due_at"], name="case_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.reference or str(self.pk)


class CaseRelease(RecordRelease):
    """Cases are never released to partners (need-to-know); the kit needs the table all the same."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="uniq_case_release")]


class VictimGroup(models.Model):
    """How many victims of an age group the case counts (`count` blank: some, number not given)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number"), null=True, blank=True)

    class Meta:
        ordering = ["case", "age_group"]
        constraints = [models.UniqueConstraint(fields=["case", "age_group"], name="uniq_case_victim_group")]

    def __str__(self) -> str:
        return f"{self.age_group} ({self.count})"


class CaseAllegation(models.Model):
    """One kind of misconduct the case alleges (`label`: the words of the UN table, e.g. "SE (Transactional
    sex)", kept when they do not name a known kind)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allegations")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("allegation"), max_length=32, choices=AllegationKind.choices)
    label = models.CharField(_("as published"), max_length=120, blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="uniq_case_allegation")]

    def __str__(self) -> str:
        return self.label or self.kind


class CaseResult(models.Model):
    """The outcome for some of the subjects: e.g. substantiated (rape) for 1."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    outcome = models.CharField(_("outcome"), max_length=26, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("subjects"), null=True, blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="uniq_case_result")]

    def __str__(self) -> str:
        return f"{self.outcome} ({self.count})"


class CaseAction(models.Model):
    """An interim or final action, by the UN or the subjects' national government: repatriation, payments
    suspended, dismissal, jail..., for `count` subjects."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    stage = models.CharField(_("stage"), max_length=8, choices=ActionStage.choices)
    taken_by = models.CharField(_("by"), max_length=2, blank=True, choices=ActionBy.choices)
    label = models.CharField(_("action"), max_length=120, blank=True)
    count = models.PositiveIntegerField(_("subjects"), null=True, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="uniq_case_action")]

    def __str__(self) -> str:
        return f"{self.taken_by} {self.label} ({self.count})"


class VictimAssistance(models.Model):
    """Assistance referred to a victim and whether it was received, through the victims' rights advocate.
    Names no one: `note` says what, never who."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assistance")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("assistance"), max_length=16, choices=AssistanceKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AssistanceStatus.choices, default=AssistanceStatus.REFERRED
    )
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="uniq_case_assistance")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"


class CaseStep(models.Model):
    """One step of a case's workflow: the status it moved to, when, by whom and why, and the deadline the
    mission's settings gave it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.status} at {self.at}"


class ConductSettings(models.Model):
    """A mission's conduct and discipline settings: the deadline of each workflow step (days), how long before
    a deadline its assignees are reminded, and the smallest count its statistics show (smaller cells are
    suppressed)."""

    mission = models.OneToOneField("core.Mission", on_delete=models.CASCADE, related_name="conduct_settings")
    assessment_days = models.PositiveIntegerField(_("preliminary assessment (days)"), default=7)
    referral_days = models.PositiveIntegerField(_("referral (days)"), default=3)
    nio_days = models.PositiveIntegerField(
        _("NIO appointment by the contributing country (days)"), default=10
    )
    investigation_days = models.PositiveIntegerField(_("investigation (days)"), default=90)
    outcome_days = models.PositiveIntegerField(_("actions after the outcome (days)"), default=30)
    remind_days = models.PositiveIntegerField(_("remind before a deadline (days)"), default=2)
    suppression_threshold = models.PositiveIntegerField(
        _("smallest count shown in statistics"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Counts under this number are hidden in every aggregate shown to readers without need-to-know"
        ),
    )

    class Meta:
        verbose_name = _("conduct settings")
        verbose_name_plural = _("conduct settings")

    def __str__(self) -> str:
        return f"conduct settings of {self.mission_id}"

"""Community alerts and what the mission keeps about them: the alert itself, focal points, responses,
response clocks and settings; and the mission's own alert keywords: words its community uses that the built-in vocabularies
(`peaceops/alerts/vocabulary/*.json`) lack.

Why the built-in words are files and a mission's additions are rows: the built-in vocabularies are reviewed,
versioned and shipped with the code like its translations, and every mission starts from them; a mission's
words are local (a dialect's word for a roadblock, the name people give a hamlet that is also a common word)
and its administrator adds them while the mission runs, without a release: a small table, edited in the admin
with each change in the change log, read with the files at every reading (`vocabulary.for_mission`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.kit.mixins import Located, Record, RecordRelease, releasable_through
from peaceops.core.records import DomainRecord, labelled

from .choices import (
    KEYWORD_MEANINGS,
    AlertCategory,
    AlertChannel,
    AlertLanguage,
    AlertStatus,
    ClockKind,
    DismissReason,
    KeywordLanguage,
    PriorityBand,
    ResponseKind,
    Severity,
    Trust,
)


class AlertKeyword(models.Model):
    """One word or phrase a mission adds to a language's vocabulary, with what it means. A word ending in "*"
    matches every word starting with it (`pucnjav*`: pucnjava, pucnjave)."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="alert_keywords")
    language = models.CharField(_("language"), max_length=8, choices=KeywordLanguage.choices)
    word = models.CharField(_("word or phrase"), max_length=100)
    meaning = models.CharField(_("meaning"), max_length=20, choices=KEYWORD_MEANINGS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alert keyword")
        verbose_name_plural = _("alert keywords")
        ordering = ["mission", "language", "meaning", "word"]
        constraints = [models.UniqueConstraint(fields=["mission", "language", "word", "meaning"],
                                               name="uniq_alert_keyword")]

    def __str__(self) -> str:
        return f"{self.word} ({self.language}: {self.meaning})"


class FocalPoint(Record, DomainRecord):
    """A registered community focal point: a person in a village the mission knows, who raises alerts by SMS or
    phone. Their alerts rank higher by their trust level. The phone number is personal data: it shows in full
    only to holders of `messaging.view_phone_numbers` in the mission (`messaging.privacy.shown_number`)."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    village = models.CharField(_("village"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=40, blank=True,
                                 help_text=_("Language codes, comma-separated: en, sq, sr-latn, sr"))
    trust = models.PositiveSmallIntegerField(_("trust level"), choices=Trust.choices, default=Trust.MEDIUM)
    active = models.BooleanField(_("active"), default=True)
    releasable_to = releasable_through("FocalPointRelease")

    withheld_from_partners = ("phone",)
    #: Personal data (`core.kit.personal`): masked for readers without `personal_permission` in the mission.
    personal_fields = ("phone",)
    personal_permission = "messaging.view_phone_numbers"

    class Meta:
        verbose_name = _("community focal point")
        verbose_name_plural = _("community focal points")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["mission", "phone"], name="focalpoint_mission_phone_idx")]

    def __str__(self) -> str:
        return self.name


class FocalPointRelease(RecordRelease):
    focalpoint = models.ForeignKey(FocalPoint, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["focalpoint", "organisation"], name="uniq_focalpoint_release")]


class Alert(Located, Record, DomainRecord):
    """A community alert: what someone outside the mission said is happening, by any channel, from its
    arrival to its close. The position is optional ("I don't know"); for an anonymous report only a coarsened
    position is ever stored (`coarsened_m` says how coarse). The reporter's phone is personal data (see
    `FocalPoint`). Marked as a misconduct allegation, an alert is need-to-know (`need_to_know_field`)."""

    lon = labelled(models.FloatField(null=True, blank=True), _("Longitude"))
    lat = labelled(models.FloatField(null=True, blank=True), _("Latitude"))
    classification = labelled(models.CharField(max_length=24, choices=Classification.choices,
                                               default=Classification.CONFIDENTIAL), _("Classification"))
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=8, choices=AlertChannel.choices, default=AlertChannel.STAFF)
    text = models.TextField(_("message"), max_length=4000)
    language = models.CharField(_("language"), max_length=8, choices=AlertLanguage.choices, default="en")
    place_text = models.CharField(_("place as written"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=AlertCategory.choices, blank=True)
    incident_category = models.CharField(_("incident category"), max_length=200, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.UNKNOWN)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    coarsened_m = models.PositiveIntegerField(_("position coarsened to (m)"), null=True, blank=True)
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=40, blank=True)
    focal_point = models.ForeignKey(FocalPoint, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="alerts", verbose_name=_("focal point"))
    trust = models.PositiveSmallIntegerField(_("source trust"), choices=Trust.choices, default=Trust.UNKNOWN)
    inbound_message = models.OneToOneField("messaging.InboundMessage", null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="alert")
    received_at = models.DateTimeField(_("received"), db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True,
                                   help_text="When the text was read for place and category (None: not yet)")
    status = models.CharField(_("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.NEW)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    dismiss_reason = models.CharField(_("reason for dismissal"), max_length=20, choices=DismissReason.choices,
                                      blank=True)
    status_note = models.TextField(_("note"), blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=0, db_index=True)
    priority_band = models.CharField(_("priority band"), max_length=8, choices=PriorityBand.choices,
                                     default=PriorityBand.LOW)
    priority_factors = models.JSONField(_("priority factors"), default=dict, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("claimed by"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("assigned to"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    misconduct = models.BooleanField(_("misconduct allegation"), default=False)
    releasable_to = releasable_through("AlertRelease")

    withheld_from_partners = ("reporter_name", "reporter_phone")
    #: Personal data (`core.kit.personal`): masked for readers without `personal_permission` in the mission.
    personal_fields = ("reporter_name", "reporter_phone")
    personal_permission = "messaging.view_phone_numbers"
    #: Rows with this field true are need-to-know (the misconduct queue): read only by those assigned.
    need_to_know_field = "misconduct"

    class Meta:
        verbose_name = _("community alert")
        verbose_name_plural = _("community alerts")
        ordering = ["-received_at", "id"]
        # The triage queue reads a mission's open alerts in its own order (priority, then the oldest first) and
        # stops at the first fifty: `alert_priority_idx` gives that order, so no sort of every open alert is
        # needed, `alert_channel_idx` the same within one channel (a rare channel is not found by reading all) and
        # `alert_holder_idx` among the unclaimed (measured with 100,000 alerts: bench/bench_triage_queue.py, docs/benchmarks.md).
        indexes = [models.Index(fields=["mission", "status", "-priority"], name="alert_queue_idx"),
                   models.Index(fields=["mission", "-received_at"], name="alert_received_idx"),
                   models.Index(fields=["mission", "-priority", "received_at", "id"], name="alert_priority_idx"),
                   models.Index(fields=["mission", "channel", "-priority", "received_at", "id"],
                                name="alert_channel_idx"),
                   models.Index(fields=["mission", "claimed_by", "-priority", "received_at", "id"],
                                name="alert_holder_idx")]

    def __str__(self) -> str:
        return self.reference


class AlertRelease(RecordRelease):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "organisation"], name="uniq_alert_release")]


class AlertResponse(models.Model):
    """One thing done about an alert: a patrol tasked, a partner informed; whom it tasked (a unit's name, a
    site, a partner organisation), by whom and when, and when it was done. Written by the alert service only."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("action"), max_length=16, choices=ResponseKind.choices)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    site = models.ForeignKey("sites.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("site"))
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("partner organisation"))
    note = models.TextField(_("note"), blank=True)
    tasked_at = models.DateTimeField(_("tasked"))
    tasked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["tasked_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.alert_id})"


class ResponseClock(models.Model):
    """How long the watch has, for alerts of one priority band in a mission, to acknowledge, to respond first and
    to close; when a clock runs out the duty supervisor is told (`escalation`)."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="alert_clocks")
    band = models.CharField(_("priority band"), max_length=8, choices=PriorityBand.choices)
    acknowledge_minutes = models.PositiveIntegerField(_("minutes to acknowledge"))
    respond_minutes = models.PositiveIntegerField(_("minutes to first response"))
    close_minutes = models.PositiveIntegerField(_("minutes to close"))

    class Meta:
        verbose_name = _("response clock")
        verbose_name_plural = _("response clocks")
        ordering = ["mission", "band"]
        constraints = [models.UniqueConstraint(fields=["mission", "band"], name="uniq_alert_clock")]

    def __str__(self) -> str:
        return f"{self.mission_id}: {self.band}"

    def minutes(self, clock: str) -> int:
        """The minutes of one clock (a `ClockKind`: acknowledge, respond, close)."""
        return getattr(self, f"{clock}_minutes")


class AlertEscalation(models.Model):
    """One response clock of one alert that ran out, and when the duty supervisor was told: at most one row per
    alert and clock (the unique constraint), so that each clock is escalated exactly once (`escalation`)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="escalations")
    clock = models.CharField(_("clock"), max_length=12, choices=ClockKind.choices)
    due_at = models.DateTimeField(_("due"))
    escalated_at = models.DateTimeField(_("escalated"))

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["escalated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["alert", "clock"], name="uniq_alert_escalation")]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.clock}"


class AlertSettings(models.Model):
    """A mission's settings for community alerts: how coarse an anonymous position is stored, how many public
    reports one address may send, who the duty supervisor is told through."""

    mission = models.OneToOneField("core.Mission", on_delete=models.CASCADE, related_name="alert_settings")
    owner = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("organisation receiving alerts"), help_text=_(
                                  "Owns the alerts from the public page, SMS and partner systems (default: the "
                                  "mission's first UN organisation)"))
    anonymous_coarsening_m = models.PositiveIntegerField(_("anonymous positions coarsened to (m)"), default=2000)
    public_reports_per_hour = models.PositiveIntegerField(_("public reports per address per hour"), default=10)
    supervisor_email = models.EmailField(_("duty supervisor's e-mail"), blank=True)
    supervisor_phone = models.CharField(_("duty supervisor's phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self) -> str:
        return f"alert settings of {self.mission_id}"


class ReporterMessage(models.Model):
    """A message the mission sent an alert's reporter (`peaceops.alerts.replies`): which one (the receipt, a
    status message, a question), the outbox message that carries it, and for a question what was asked and by
    whom. The receipt and each status message are sent at most once per alert (the constraint); questions as
    often as the watch asks. The reporter's answer by SMS adds to the alert (`replies.follow_up`)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reporter_messages")
    key = models.CharField(_("message"), max_length=16)
    message = models.ForeignKey("messaging.OutboundMessage", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    recipient = models.CharField(_("recipient"), max_length=40)
    question = models.TextField(_("question"), blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(_("queued"))
    answered_at = models.DateTimeField(_("first answer"), null=True, blank=True,
                                       help_text="A question's first answer by SMS (the answer's parts follow it)")

    class Meta:
        verbose_name = _("message to the reporter")
        verbose_name_plural = _("messages to the reporter")
        ordering = ["alert", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["alert", "key"], condition=~models.Q(key="ask_more"),
                                               name="one_reporter_message_per_key")]
        indexes = [models.Index(fields=["recipient", "key", "-created_at"], name="reporter_message_asked_idx")]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.key}"

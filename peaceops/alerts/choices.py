"""The words of community alerts: what an alert is about (its category), how bad it sounds (severity) and the
languages an alert is read and answered in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertCategory(models.TextChoices):
    """What a community member says is happening, in their words rather than the mission's taxonomy (which
    `categories.INCIDENT_CATEGORIES` maps these onto)."""

    SHOOTING = "shooting", _("shooting")
    EXPLOSION = "explosion", _("explosion")
    ARSON = "arson", _("arson, house burning")
    THREAT = "threat", _("threats, intimidation")
    ASSAULT = "assault", _("assault, beating")
    KILLING = "killing", _("killing")
    ROADBLOCK = "roadblock", _("roadblock")
    DISPLACEMENT = "displacement", _("people fleeing, displacement")
    ABDUCTION = "abduction", _("abduction, disappearance")
    SEXUAL_VIOLENCE = "sexual-violence", _("sexual violence")
    LOOTING = "looting", _("looting, theft")
    DEMONSTRATION = "demonstration", _("demonstration")
    RIOT = "riot", _("riot, stone throwing")
    EXPLOSIVE_HAZARD = "explosive-hazard", _("mine, unexploded ordnance")
    ARMED_PRESENCE = "armed-presence", _("armed people")


class Severity(models.IntegerChoices):
    """How urgent an alert sounds from its words: a hint for the triage queue, not a verdict."""

    UNKNOWN = 0, _("unknown")
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")
    CRITICAL = 4, _("critical")


class AlertLanguage(models.TextChoices):
    """The languages an alert is read in and answered in: the interface's language codes (settings.LANGUAGES),
    so that a reply is written with `translation.override(reading.language)`."""

    ENGLISH = "en", "English"
    ALBANIAN = "sq", "Shqip"
    SERBIAN_LATIN = "sr-latn", "Srpski (latinica)"
    SERBIAN_CYRILLIC = "sr", "Српски (ћирилица)"


class KeywordLanguage(models.TextChoices):
    """The vocabularies keywords belong to: Serbian is one vocabulary for both scripts (words are compared in
    Latin letters, `geo.names.search_key`)."""

    ENGLISH = "en", "English"
    ALBANIAN = "sq", "Shqip"
    SERBIAN = "sr", _("Serbian (either script)")


#: What a mission's own keyword says (`models.AlertKeyword.meaning`): the first word of the short form, a word
#: that is never a place (a local word that happens to be a village's name), a word that makes an alert more
#: severe, or a category.
ALERT_WORD, NOT_A_PLACE, SEVERE = "alert-word", "not-a-place", "severe"
KEYWORD_MEANINGS = [
    (ALERT_WORD, _("starts the short form (ALERT <place> <what>)")),
    (NOT_A_PLACE, _("never a place")),
    (SEVERE, _("makes an alert more severe")),
    *AlertCategory.choices,
]


class AlertChannel(models.TextChoices):
    """How an alert reached the mission."""

    WEB = "web", _("public page")
    SMS = "sms", _("SMS")
    API = "api", _("partner system")
    PHONE = "phone", _("phone call to the hotline")
    STAFF = "staff", _("recorded by staff")


class AlertStatus(models.TextChoices):
    """Where an alert stands. The reporter hears of `verified`, `acted_on` and `closed` (and `dismissed` as
    closed); `misconduct` takes the alert out of every ordinary view into the need-to-know queue."""

    NEW = "new", _("new")
    CLAIMED = "claimed", _("acknowledged")
    VERIFIED = "verified", _("verified")
    ACTED_ON = "acted_on", _("acted on")
    CLOSED = "closed", _("closed")
    DISMISSED = "dismissed", _("dismissed")
    MISCONDUCT = "misconduct", _("misconduct allegation")


#: The statuses of alerts still waiting for the watch: the triage queue shows these.
OPEN_STATUSES = (AlertStatus.NEW, AlertStatus.CLAIMED, AlertStatus.VERIFIED, AlertStatus.ACTED_ON)


class DismissReason(models.TextChoices):
    """Why an alert was dismissed."""

    DUPLICATE = "duplicate", _("duplicate")
    HOAX = "hoax", _("hoax or false")
    OUTSIDE_MANDATE = "outside-mandate", _("outside the mandate")
    OTHER = "other", _("other")


class Trust(models.IntegerChoices):
    """How far the mission trusts a source: an unknown sender, or a focal point it registered and rated."""

    UNKNOWN = 0, _("unknown")
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class PriorityBand(models.TextChoices):
    """The band of an alert's priority score (0-100), which sets its response clocks."""

    CRITICAL = "critical", _("critical")
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class ResponseKind(models.TextChoices):
    """What was done about an alert."""

    PATROL = "patrol", _("patrol dispatched")
    PARTNER_FORCE = "partner-force", _("partner force informed (e.g. KFOR)")
    POLICE = "police", _("police informed")
    HUMANITARIAN = "humanitarian", _("humanitarian partner informed")
    OTHER = "other", _("other action")


class ClockKind(models.TextChoices):
    """The three response clocks of an alert (`models.ResponseClock`), each stopped by a time on the alert:
    acknowledged (claimed, assigned, verified...), first response (a response tasked), closed (closed or
    dismissed)."""

    ACKNOWLEDGE = "acknowledge", _("acknowledge")
    RESPOND = "respond", _("first response")
    CLOSE = "close", _("close")

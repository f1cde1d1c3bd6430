"""Names used by incidents: precisions, status, actor types and roles, casualty groups, source grading."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimePrecision(models.TextChoices):
    """How precisely the time of an incident is known (UCDP date_prec 1-5 map to day .. year)."""

    MINUTE = "minute", _("To the minute")
    HOUR = "hour", _("To the hour")
    DAY = "day", _("Day")
    DAYS = "days", _("Within a few days")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year or longer")


class LocationPrecision(models.TextChoices):
    """How precisely the place of an incident is known."""

    EXACT = "exact", _("Exact")
    NEAR = "near", _("Near (within about 25 km)")
    ADMIN2 = "admin2", _("Municipality (admin-2)")
    ADMIN1 = "admin1", _("Region (admin-1)")
    COUNTRY = "country", _("Country")


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")


class ActorType(models.TextChoices):
    STATE_FORCES = "state_forces", _("State forces")
    REBEL_GROUP = "rebel_group", _("Rebel group")
    MILITIA = "militia", _("Militia")
    CRIMINAL_GROUP = "criminal_group", _("Criminal group")
    PROTESTERS = "protesters", _("Protesters / rioters")
    CIVILIANS = "civilians", _("Civilians")
    UN = "un", _("United Nations")
    INTERNATIONAL_FORCE = "international_force", _("International force")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ActorRole(models.TextChoices):
    PERPETRATOR = "perpetrator", _("Perpetrator")
    TARGET = "target", _("Target")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")


class CasualtyGroup(models.TextChoices):
    CIVILIANS = "civilians", _("Civilians")
    UN_PERSONNEL = "un_personnel", _("UN personnel")
    SECURITY_FORCES = "security_forces", _("Security forces")
    OTHER = "other", _("Other / unknown")


class SourceType(models.TextChoices):
    PATROL = "patrol", _("UN patrol / own observation")
    PARTNER = "partner", _("Partner organisation")
    POLICE = "police", _("Police")
    COMMUNITY = "community", _("Community alert network")
    MEDIA = "media", _("Media")
    NGO = "ngo", _("NGO")
    SOCIAL_MEDIA = "social_media", _("Social media")
    DATASET = "dataset", _("Research dataset (UCDP, ACLED)")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    """Admiralty code: reliability of the source."""

    A = "A", _("A - Completely reliable")
    B = "B", _("B - Usually reliable")
    C = "C", _("C - Fairly reliable")
    D = "D", _("D - Not usually reliable")
    E = "E", _("E - Unreliable")
    F = "F", _("F - Reliability cannot be judged")


class Credibility(models.TextChoices):
    """Admiralty code: credibility of the information."""

    CONFIRMED = "1", _("1 - Confirmed by other sources")
    PROBABLY_TRUE = "2", _("2 - Probably true")
    POSSIBLY_TRUE = "3", _("3 - Possibly true")
    DOUBTFUL = "4", _("4 - Doubtful")
    IMPROBABLE = "5", _("5 - Improbable")
    CANNOT_JUDGE = "6", _("6 - Truth cannot be judged")

"""Names used by incidents: precisions, status, actor types and roles, casualty groups, source grading."""

from django.db import models


class TimePrecision(models.TextChoices):
    """How precisely the time of an incident is known (UCDP date_prec 1-5 map to day .. year)."""

    MINUTE = "minute", "To the minute"
    HOUR = "hour", "To the hour"
    DAY = "day", "Day"
    DAYS = "days", "Within a few days"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year or longer"


class LocationPrecision(models.TextChoices):
    """How precisely the place of an incident is known."""

    EXACT = "exact", "Exact"
    NEAR = "near", "Near (within about 25 km)"
    ADMIN2 = "admin2", "Municipality (admin-2)"
    ADMIN1 = "admin1", "Region (admin-1)"
    COUNTRY = "country", "Country"


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REPORTED = "reported", "Reported"
    VERIFIED = "verified", "Verified"
    CLOSED = "closed", "Closed"


class ActorType(models.TextChoices):
    STATE_FORCES = "state_forces", "State forces"
    REBEL_GROUP = "rebel_group", "Rebel group"
    MILITIA = "militia", "Militia"
    CRIMINAL_GROUP = "criminal_group", "Criminal group"
    PROTESTERS = "protesters", "Protesters / rioters"
    CIVILIANS = "civilians", "Civilians"
    UN = "un", "United Nations"
    INTERNATIONAL_FORCE = "international_force", "International force"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class ActorRole(models.TextChoices):
    PERPETRATOR = "perpetrator", "Perpetrator"
    TARGET = "target", "Target"
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"


class CasualtyGroup(models.TextChoices):
    CIVILIANS = "civilians", "Civilians"
    UN_PERSONNEL = "un_personnel", "UN personnel"
    SECURITY_FORCES = "security_forces", "Security forces"
    OTHER = "other", "Other / unknown"


class SourceType(models.TextChoices):
    PATROL = "patrol", "UN patrol / own observation"
    PARTNER = "partner", "Partner organisation"
    POLICE = "police", "Police"
    COMMUNITY = "community", "Community alert network"
    MEDIA = "media", "Media"
    NGO = "ngo", "NGO"
    SOCIAL_MEDIA = "social_media", "Social media"
    DATASET = "dataset", "Research dataset (UCDP, ACLED)"
    OTHER = "other", "Other"


class Reliability(models.TextChoices):
    """Admiralty code: reliability of the source."""

    A = "A", "A - Completely reliable"
    B = "B", "B - Usually reliable"
    C = "C", "C - Fairly reliable"
    D = "D", "D - Not usually reliable"
    E = "E", "E - Unreliable"
    F = "F", "F - Reliability cannot be judged"


class Credibility(models.TextChoices):
    """Admiralty code: credibility of the information."""

    CONFIRMED = "1", "1 - Confirmed by other sources"
    PROBABLY_TRUE = "2", "2 - Probably true"
    POSSIBLY_TRUE = "3", "3 - Possibly true"
    DOUBTFUL = "4", "4 - Doubtful"
    IMPROBABLE = "5", "5 - Improbable"
    CANNOT_JUDGE = "6", "6 - Truth cannot be judged"

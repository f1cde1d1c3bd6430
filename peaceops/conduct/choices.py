"""Conduct and discipline's words, as the UN records misconduct and SEA allegations (the public table of
allegations at conduct.unmissions.org uses the same categories)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IntakeChannel(models.TextChoices):
    """How an allegation reached the mission."""

    STAFF = "staff", _("Recorded by conduct staff")
    COMMUNITY_ALERT = "community_alert", _("Community alert")
    PARTNER_REFERRAL = "partner_referral", _("Referral from a partner or NGO")
    ANONYMOUS = "anonymous", _("Anonymous report")
    UN_TABLE = "un_table", _("The UN's public table of allegations")


class PersonnelCategory(models.TextChoices):
    """The category of the personnel alleged to be involved (the UN table's "Personnel Type")."""

    MILITARY_CONTINGENT = "military_contingent", _("Military contingent")
    MILITARY_OBSERVER = "military_observer", _("Military observer")
    STAFF_OFFICER = "staff_officer", _("Military staff officer")
    FORMED_POLICE = "formed_police", _("Formed police unit")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police officer")
    GOVERNMENT_PROVIDED = "government_provided", _("Government-provided personnel")
    CIVILIAN_INTERNATIONAL = "civilian_international", _("International civilian staff")
    CIVILIAN_NATIONAL = "civilian_national", _("National civilian staff")
    UN_VOLUNTEER = "un_volunteer", _("UN volunteer")
    CONTRACTOR = "contractor", _("Contractor")
    UNKNOWN = "unknown", _("Not known")


#: The categories of uniformed personnel, whose nationality the UN publishes.
UNIFORMED = frozenset(
    {
        PersonnelCategory.MILITARY_CONTINGENT,
        PersonnelCategory.MILITARY_OBSERVER,
        PersonnelCategory.STAFF_OFFICER,
        PersonnelCategory.FORMED_POLICE,
        PersonnelCategory.INDIVIDUAL_POLICE,
        PersonnelCategory.GOVERNMENT_PROVIDED,
    }
)


class DatePrecision(models.TextChoices):
    """How precisely a date is known: the day, the month, the year, or not at all."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


class AgeGroup(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child")
    UNKNOWN = "unknown", _("Unknown")


class AllegationKind(models.TextChoices):
    """What is alleged: sexual exploitation (SE), sexual abuse (SA), or other misconduct."""

    TRANSACTIONAL_SEX = "transactional_sex", _("Sexual exploitation: transactional sex")
    SOLICITING_TRANSACTIONAL_SEX = (
        "soliciting_transactional_sex",
        _("Sexual exploitation: soliciting transactional sex"),
    )
    ATTEMPTED_TRANSACTIONAL_SEX = (
        "attempted_transactional_sex",
        _("Sexual exploitation: attempted transactional sex"),
    )
    EXPLOITATIVE_RELATIONSHIP = (
        "exploitative_relationship",
        _("Sexual exploitation: exploitative relationship"),
    )
    OTHER_EXPLOITATION = "other_exploitation", _("Sexual exploitation: other")
    RAPE = "rape", _("Sexual abuse: rape")
    ATTEMPTED_RAPE = "attempted_rape", _("Sexual abuse: attempted rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual abuse: sexual assault")
    ATTEMPTED_SEXUAL_ASSAULT = "attempted_sexual_assault", _("Sexual abuse: attempted sexual assault")
    SEXUAL_ACTIVITY_WITH_MINOR = "sexual_activity_with_minor", _("Sexual abuse: sexual activity with a minor")
    OTHER_ABUSE = "other_abuse", _("Sexual abuse: other")
    OTHER_MISCONDUCT = "other_misconduct", _("Other misconduct")


#: Sexual exploitation (SE) and sexual abuse (SA): the kinds the UN counts as SEA.
EXPLOITATION = frozenset(
    {
        AllegationKind.TRANSACTIONAL_SEX,
        AllegationKind.SOLICITING_TRANSACTIONAL_SEX,
        AllegationKind.ATTEMPTED_TRANSACTIONAL_SEX,
        AllegationKind.EXPLOITATIVE_RELATIONSHIP,
        AllegationKind.OTHER_EXPLOITATION,
    }
)
ABUSE = frozenset(
    {
        AllegationKind.RAPE,
        AllegationKind.ATTEMPTED_RAPE,
        AllegationKind.SEXUAL_ASSAULT,
        AllegationKind.ATTEMPTED_SEXUAL_ASSAULT,
        AllegationKind.SEXUAL_ACTIVITY_WITH_MINOR,
        AllegationKind.OTHER_ABUSE,
    }
)


class Category(models.TextChoices):
    """Category I: serious misconduct (every SEA allegation), investigated by OIOS or the contributing country;
    category II: other misconduct, investigated by the mission."""

    ONE = "I", _("Category I")
    TWO = "II", _("Category II")


class CaseStatus(models.TextChoices):
    """Where a case stands in the workflow, in order."""

    RECEIVED = "received", _("Received")
    ASSESSMENT = "assessment", _("Preliminary assessment")
    REFERRED = "referred", _("Referred")
    INVESTIGATION = "investigation", _("Under investigation")
    OUTCOME = "outcome", _("Outcome known")
    CLOSED = "closed", _("Closed")


class Investigator(models.TextChoices):
    """Who investigates (the UN table's "Investigation" cell names them)."""

    OIOS = "oios", _("UN OIOS")
    TCC = "tcc", _("The contributing country")
    TCC_OIOS = "tcc_oios", _("The contributing country with OIOS")
    MISSION = "mission", _("The mission's investigators")
    REVIEW = "review", _("UN review")
    FOR_INFORMATION = "for_information", _("For information (no investigation)")
    OTHER = "other", _("Other")


class Answer(models.TextChoices):
    """Yes, no or pending (blank: not asked or not known)."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    PENDING = "pending", _("Pending")


class NioAnswer(models.TextChoices):
    """Whether the contributing country appointed a national investigation officer (NIO)."""

    YES = "yes", _("Yes")
    NO_RESPONSE = "no_response", _("No (no response)")
    DECLINED = "declined", _("No (declined)")


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Insufficient information")
    PENDING = "pending", _("Pending")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ActionStage(models.TextChoices):
    INTERIM = "interim", _("Interim action")
    FINAL = "final", _("Final action")


class ActionBy(models.TextChoices):
    """Who took an action: the UN, or the national government (NG) of the personnel."""

    UN = "UN", _("UN")
    NG = "NG", _("National government")
    NONE = "", _("Not said")


class PersonRole(models.TextChoices):
    """What a person is to a case."""

    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    SUBJECT = "subject", _("Subject (alleged perpetrator)")
    COMPLAINANT = "complainant", _("Complainant")


class AssistanceKind(models.TextChoices):
    """Assistance to a victim, referred and received through the victims' rights advocate."""

    MEDICAL = "medical", pgettext_lazy("victim assistance", "Medical")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL = "legal", _("Legal")
    MATERIAL = "material", _("Material")
    EDUCATION = "education", _("Education")
    CHILD_SUPPORT = "child_support", _("Paternity and child support")


class AssistanceStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    RECEIVED = "received", _("Received")
    DECLINED = "declined", _("Declined by the victim")
    UNAVAILABLE = "unavailable", _("Not available")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class MeasureKind(models.TextChoices):
    """Prevention measures a unit takes against sexual exploitation and abuse."""

    OFF_LIMITS = "off_limits", _("Off-limits areas and premises")
    CURFEW = "curfew", _("Curfew")
    NON_FRATERNISATION = "non_fraternisation", _("Non-fraternisation policy")
    WELFARE = "welfare", _("Welfare and recreation")
    AWARENESS = "awareness", _("Community awareness campaign")
    VETTING = "vetting", _("Vetting of personnel")
    PATROLS = "patrols", _("Military police patrols")
    OTHER = "other", _("Other")


class TrainingCourse(models.TextChoices):
    INDUCTION = "induction", _("SEA prevention induction")
    REFRESHER = "refresher", _("SEA prevention refresher")
    E_LEARNING = "e_learning", _("UN e-learning on SEA prevention")
    COMMANDERS = "commanders", _("Commanders' briefing")

"""The force registry's words: kinds of contingent, unit types, personnel categories (as the UN counts women
and men in uniform), rank categories, genders and rotation states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContingentKind(models.TextChoices):
    """A contingent is one country's military or police contribution to a mission."""

    MILITARY = "military", _("Military")
    POLICE = "police", _("Police")


class PersonnelCategory(models.TextChoices):
    """The UN's categories of uniformed personnel (the uniformed gender parity strategy sets a target for each)."""

    MILITARY_CONTINGENT = "military_contingent", _("Military contingent")
    STAFF_OFFICERS_OBSERVERS = "staff_observers", _("Staff officers and military observers")
    FORMED_POLICE = "formed_police", _("Formed police units")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police officers")


class UnitType(models.TextChoices):
    INFANTRY_BATTALION = "infantry_battalion", _("Infantry battalion")
    FORMED_POLICE_UNIT = "formed_police_unit", _("Formed police unit")
    ENGINEERING = "engineering", _("Engineering")
    MEDICAL = "medical", _("Medical")
    AVIATION = "aviation", _("Aviation")
    SIGNALS = "signals", _("Signals")
    LOGISTICS = "logistics", _("Logistics")
    STAFF_OFFICERS = "staff_officers", _("Staff officers")
    MILITARY_OBSERVERS = "military_observers", _("Military observers")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police officers")


#: The personnel category a unit type's people are counted in.
UNIT_CATEGORY = {
    UnitType.FORMED_POLICE_UNIT: PersonnelCategory.FORMED_POLICE,
    UnitType.INDIVIDUAL_POLICE: PersonnelCategory.INDIVIDUAL_POLICE,
    UnitType.STAFF_OFFICERS: PersonnelCategory.STAFF_OFFICERS_OBSERVERS,
    UnitType.MILITARY_OBSERVERS: PersonnelCategory.STAFF_OFFICERS_OBSERVERS,
}
POLICE_UNIT_TYPES = frozenset({UnitType.FORMED_POLICE_UNIT, UnitType.INDIVIDUAL_POLICE})


def category_of(unit_type: str) -> str:
    """The personnel category of a unit type (military contingent unless staff, observers or police)."""
    return UNIT_CATEGORY.get(unit_type, PersonnelCategory.MILITARY_CONTINGENT)


class RankCategory(models.TextChoices):
    OFFICER = "officer", _("Officers")
    NON_COMMISSIONED = "nco", _("Non-commissioned officers")
    OTHER_RANK = "other", _("Other ranks")


class Gender(models.TextChoices):
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")


class RotationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

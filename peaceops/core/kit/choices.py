"""Choices shared by record types built on the kit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocationPrecision(models.TextChoices):
    """How precisely a record's place is known (the same values incidents use)."""

    EXACT = "exact", _("Exact")
    NEAR = "near", _("Near (within about 25 km)")
    ADMIN2 = "admin2", _("Municipality (admin-2)")
    ADMIN1 = "admin1", _("Region (admin-1)")
    COUNTRY = "country", _("Country")


#: The record actions a permission code names: `<app>.<model>.<action>`.
ACTIONS = ("view", "add", "change", "delete")


#: The classification levels as pages name them, translated (`core.choices.Classification` keeps the English
#: names that exports, markings and the API carry).
CLASSIFICATION_LABELS = {"PUBLIC": _("Public"), "CONFIDENTIAL": _("Confidential"),
                         "STRICTLY_CONFIDENTIAL": _("Strictly confidential")}

"""Names used by sharing: the kinds of record an agreement covers, what a sharing change did."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordType(models.TextChoices):
    """The kinds of record a sharing agreement can cover (app_label.model)."""

    INCIDENT = "incidents.incident", _("Incidents")


class SharingAction(models.TextChoices):
    """What one sharing change did to one release (record x organisation)."""

    RELEASE = "release", _("Released")
    WITHDRAW = "withdraw", _("Withdrawn")
    EXPIRE = "expire", _("Expired")

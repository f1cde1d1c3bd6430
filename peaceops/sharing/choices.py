"""Names used by sharing: the kinds of record an agreement covers, what a sharing change did."""

from django.db import models


class RecordType(models.TextChoices):
    """The kinds of record a sharing agreement can cover (app_label.model)."""

    INCIDENT = "incidents.incident", "Incidents"


class SharingAction(models.TextChoices):
    """What one sharing change did to one release (record x organisation)."""

    RELEASE = "release", "Released"
    WITHDRAW = "withdraw", "Withdrawn"
    EXPIRE = "expire", "Expired"

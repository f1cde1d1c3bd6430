"""Named groups of organisations and standing sharing agreements, per mission.

The releases themselves are rows of each record type's releasability table (for incidents,
`incidents.IncidentRelease`); this app holds what makes releasing one click: groups to release to, and
agreements that release new records by default.
"""

from django.db import models

from peaceops.core.choices import Classification

from .choices import RecordType

#: The classifications an agreement can release (PUBLIC records need no release).
RELEASABLE_LEVELS = (Classification.CONFIDENTIAL, Classification.STRICTLY_CONFIDENTIAL)


class OrganisationGroup(models.Model):
    """A named set of organisations in one mission ("UN family", "Mission partners"). Releasing to a group
    releases to its members as they are at that moment (later membership changes do not touch releases
    already made); the releases remember the group's name for display."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="organisation_groups")
    name = models.CharField(max_length=100)
    members = models.ManyToManyField("core.Organisation", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mission", "name"]
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="uniq_organisation_group_name")]

    def __str__(self) -> str:
        return self.name


class SharingAgreement(models.Model):
    """An owning organisation's standing release of one kind of record to a partner organisation or group:
    records of the listed classifications, optionally only of some categories (with their descendants) and in
    some admin areas, are released to the partner when they are created, with an optional default expiry."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="sharing_agreements")
    owner = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                              help_text="The organisation whose records are released")
    partner = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text="The receiving organisation (or a group)")
    partner_group = models.ForeignKey(OrganisationGroup, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="agreements", help_text="The receiving group (or an organisation)")
    record_type = models.CharField(max_length=64, choices=RecordType.choices, default=RecordType.INCIDENT)
    classifications = models.JSONField(default=list, help_text="Classification codes the agreement releases")
    categories = models.ManyToManyField("incidents.Category", blank=True, related_name="+",
                                        help_text="Only these categories and their descendants (none: all)")
    admin_areas = models.ManyToManyField("geo.AdminArea", blank=True, related_name="+",
                                         help_text="Only records in these admin areas (none: all)")
    default_expiry_days = models.PositiveIntegerField(null=True, blank=True,
                                                      help_text="Releases expire this many days after creation")
    active = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mission", "owner", "pk"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(partner__isnull=False, partner_group__isnull=True)
                       | models.Q(partner__isnull=True, partner_group__isnull=False)),
            name="sharing_agreement_one_partner")]

    def __str__(self) -> str:
        return f"{self.owner_id} to {self.partner_label()}"

    def partner_label(self) -> str:
        return self.partner_group.name if self.partner_group_id else self.partner.code

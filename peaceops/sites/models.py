"""Deployment sites: a mission's places of deployment, with what was there year by year."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.mixins import ExternallyIdentified, Located, Record, RecordRelease, releasable_through
from peaceops.core.records import DomainRecord

from .choices import SiteType


class Site(Located, ExternallyIdentified, Record, DomainRecord):
    """A place where the mission is deployed: headquarters, team site, base, police station, checkpoint, camp."""

    name = models.CharField(_("name"), max_length=200)
    site_type = models.CharField(_("type"), max_length=16, choices=SiteType.choices, default=SiteType.TEAM_SITE)
    opened_on = models.DateField(_("opened"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    releasable_to = releasable_through("SiteRelease")

    snapshot_children = {"years": ("year", "troops", "units", "countries")}
    withheld_from_partners = ("notes",)

    class Meta(ExternallyIdentified.Meta):
        verbose_name = _("deployment site")
        verbose_name_plural = _("deployment sites")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["mission", "name", "id"], name="site_mission_name_idx")]

    def __str__(self) -> str:
        return self.name

    def latest_year(self):
        """The site's most recent year (None when it has none)."""
        years = sorted(self.years.all(), key=lambda y: y.year)
        return years[-1] if years else None


class SiteYear(models.Model):
    """What was at a site in one year: troops, units by type ({type: count}) and contributing countries
    ([{"country": name, "troops": number or null}])."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1945), MaxValueValidator(2199)])
    troops = models.PositiveIntegerField(default=0)
    units = models.JSONField(default=dict, blank=True)
    countries = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["site", "year"]
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="uniq_site_year")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.year}"


class SiteRelease(RecordRelease):
    """One organisation a site is released to."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="releases", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "organisation"], name="uniq_site_release")]

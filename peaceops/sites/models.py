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
    site_type = models.CharField(_("type"), max_length=24, choices=SiteType.choices, default=SiteType.TEAM_SITE)
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

    def years_seen(self) -> tuple[int, int] | None:
        """The first and last year the site has a year row for (None when it has none)."""
        span = self.years.aggregate(first=models.Min("year"), last=models.Max("year"))
        return (span["first"], span["last"]) if span["first"] is not None else None

    def get_opened_on_display(self):
        """The opening date; when not recorded, the first year the site was seen (a Geo-PKO import knows years,
        not dates: the date is left to the mission, and the page says what is known instead of nothing)."""
        return self.opened_on or seen_text("first", (self.years_seen() or (None, None))[0])

    def get_closed_on_display(self):
        """The closing date; when not recorded, the last year the site was seen (not a closing: the source may
        simply end)."""
        return self.closed_on or seen_text("last", (self.years_seen() or (None, None))[1])

    def latest_year(self):
        """The site's most recent year (None when it has none)."""
        years = sorted(self.years.all(), key=lambda y: y.year)
        return years[-1] if years else None


def seen_text(end: str, year: int | None) -> str | None:
    """What the pages show for an opening (`end` "first") or closing ("last") date that is not recorded: the
    first or last year the site was seen, or None when it has no year either."""
    if year is None:
        return None
    if end == "first":
        return _("not recorded; first seen in %(year)s") % {"year": year}
    return _("not recorded; last seen in %(year)s") % {"year": year}


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

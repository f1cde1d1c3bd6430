"""Record mixins: the small pieces a record type composes with `core.records.DomainRecord`.

    class Site(Located, ExternallyIdentified, Releasable, DomainRecord):
        snapshot_children = {"years": ("year", "troops", "units")}
        withheld_from_partners = ("notes",)
        releasable_to = releasable_through("SiteRelease")

- `Located`: lon/lat with a precision and a place name; admin areas (level 1 and 2) and the H3 cell are derived
  by the service (`locate`), never entered.
- `ExternallyIdentified`: `source_id`, the record's id in a source file, unique per mission and owner, so that
  importing a file again updates instead of duplicating.
- `Redactable` (on every kit record): `withheld_from_partners` names the fields readers outside the owning
  organisation do not receive.
- `ChangeLogged` (on every kit record): `change_snapshot()` is what the change log stores, children included
  (`snapshot_children`), with the releases as `core.records.VersionReader` judges them.
- `Releasable` and `RecordRelease`: the releasability list as release rows with grantor, time, expiry and group.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import snapshot
from peaceops.core.records import RELEASE_EXPIRY_KEY, labelled

from .choices import LocationPrecision


class Located(models.Model):
    """A record at a place: WGS84 lon/lat with how precisely it is known, and what is derived from it."""

    lon = labelled(models.FloatField(), _("Longitude"))
    lat = labelled(models.FloatField(), _("Latitude"))
    location_precision = labelled(models.CharField(max_length=8, choices=LocationPrecision.choices,
                                                   default=LocationPrecision.EXACT), _("Location precision"))
    location_name = labelled(models.CharField(max_length=300, blank=True), _("Place name"))
    admin1 = models.ForeignKey("geo.AdminArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    admin2 = models.ForeignKey("geo.AdminArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    h3_cell = models.BigIntegerField(null=True, blank=True, help_text="H3 cell of the point (resolution 12)")

    class Meta:
        abstract = True


#: The function that derives admin areas and H3 cells for located records: geo's `locate_records`, installed by
#: `GeoConfig.ready()` (geo is a layer above core, so core cannot import it).
_locator = None


def install_locator(locator) -> None:
    """Let `locate` use `locator(records)` (called once, by the geo app at start-up)."""
    global _locator
    _locator = locator


def locate(records) -> None:
    """Derive admin areas (as far as the location precision allows) and the H3 cell of located records, for
    many at once, through the installed locator."""
    if _locator is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("No locator installed: is peaceops.geo in INSTALLED_APPS?")
    _locator(records)


class ExternallyIdentified(models.Model):
    """A record that may come from a source file: its id there, unique per mission and owner."""

    # NULL when unknown (not ""), so that the unique constraint allows many records without one.
    source_id = labelled(models.CharField(max_length=200, null=True, blank=True,  # noqa: DJ001
                                          help_text="Id in the source it was imported from"), _("Id in the source"))

    class Meta:
        abstract = True
        constraints = [models.UniqueConstraint(fields=["mission", "owner", "source_id"],
                                               name="%(app_label)s_%(class)s_uniq_source_id")]


class RecordRelease(models.Model):
    """One organisation a record is released to: by whom and when, until when (optional), and through which
    group or agreement. A record type declares its concrete release model with a foreign key named after the
    record's model (e.g. `site`), which `core.records.shared_condition` follows."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", db_index=False)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True,
                                      help_text="After this moment the organisation no longer sees the record")
    via_group = models.CharField(max_length=200, blank=True,
                                 help_text="The group or agreement the release came through")

    class Meta:
        abstract = True

    @staticmethod
    def in_force(now=None) -> Q:
        """The condition on release rows that have not expired (at `now`, default the current time)."""
        return Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now())


def releasable_through(release_model: str) -> models.ManyToManyField:
    """The `releasable_to` field of a record type whose releases are rows of `release_model`."""
    return models.ManyToManyField("core.Organisation", through=release_model, blank=True, related_name="+",
                                  help_text="Organisations this record is released to")


class Record(models.Model):
    """What every kit record type has besides `DomainRecord`: its change snapshot, its redaction and its
    releases (in force) as records of every kit type read them."""

    #: Children the change snapshot includes: {related name: fields of each child, the first one sorts them}.
    snapshot_children: dict[str, tuple[str, ...]] = {}
    #: Fields (of the API detail) that readers outside the owning organisation do not receive.
    withheld_from_partners: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def release_model(cls):
        return cls._meta.get_field("releasable_to").remote_field.through

    @classmethod
    def releases_in_force_prefetch(cls) -> Prefetch:
        """Prefetch the record's releases that have not expired, as `releases_in_force`."""
        release = cls.release_model()
        return Prefetch("releases", to_attr="releases_in_force",
                        queryset=release.objects.filter(release.in_force()).select_related("organisation"))

    def released_organisations(self) -> list:
        """The organisations the record is released to now (expired releases left out)."""
        releases = getattr(self, "releases_in_force", None)
        if releases is None:
            release = self.release_model()
            releases = release.objects.filter(release.in_force(), **{self._meta.model_name: self}).select_related(
                "organisation")
        return [r.organisation for r in releases]

    def change_snapshot(self) -> dict:
        """The record as the change log stores it: its fields, its children (`snapshot_children`), the codes of
        the organisations it is released to and, under `RELEASE_EXPIRY_KEY`, when each release ends."""
        release = self.release_model()
        releases = sorted(release.objects.filter(**{self._meta.model_name: self})
                          .values_list("organisation__code", "expires_at"))
        extra = {"releasable_to": [code for code, _ in releases],
                 RELEASE_EXPIRY_KEY: {code: ends.isoformat() for code, ends in releases if ends is not None}}
        for name, fields in self.snapshot_children.items():
            rows = getattr(self, name).order_by(*child_key(getattr(self, name).model, fields)).values(*fields)
            extra[name] = [snapshot_values(row) for row in rows]
        return snapshot(self, extra)


def child_key(model, fields: tuple[str, ...]) -> tuple[str, ...]:
    """What tells a record's children of one kind apart, and orders them: the fields of the child model's first
    unique constraint besides the link to the record (a unit's strength: date, rank category, gender), else the
    first of `fields`."""
    for constraint in model._meta.constraints:
        named = tuple(getattr(constraint, "fields", ()))
        key = tuple(f for f in named if f in fields)
        if key and len(named) - len(key) <= 1:  # at most the link to the record is not among the fields
            return key
    return (fields[0],)


def snapshot_values(row: dict) -> dict:
    """A child row's values as JSON (dates as ISO text)."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if isinstance(v, uuid.UUID) else v)
            for k, v in row.items()}

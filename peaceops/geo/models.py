"""Geographic reference data: admin areas (boundaries) and the gazetteer of named places."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.core.names import name_in


class AdminArea(models.Model):
    """An administrative area of a mission's country: level 0 country, 1 region/district, 2 municipality.

    The geometry is kept as GeoJSON text (WGS84); the bounding box columns let queries pre-filter.
    """

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="admin_areas")
    level = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=64, help_text="Stable id from the source (e.g. geoBoundaries shapeID)")
    name = models.CharField(max_length=200)
    names = models.JSONField(default=dict, blank=True, help_text='Names by language code, e.g. {"sq": "...", "sr": "..."}')
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    geometry = models.TextField(help_text="GeoJSON geometry, WGS84")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mission", "level", "code"], name="uniq_admin_area")]
        ordering = ["mission", "level", "name"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The area's name in a language, falling back to its default name."""
        return name_in(self.names, self.name, language)


class Place(models.Model):
    """A named place from a gazetteer (GeoNames): village, town, mountain, checkpoint..."""

    geonames_id = models.BigIntegerField(unique=True, null=True, blank=True)
    name = models.CharField(max_length=200)
    ascii_name = models.CharField(max_length=200, blank=True)
    lon = models.FloatField()
    lat = models.FloatField()
    feature_class = models.CharField(max_length=1, blank=True)
    feature_code = models.CharField(max_length=10, blank=True)
    country_code = models.CharField(max_length=2, blank=True)
    population = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlaceName(models.Model):
    """One name of a place (main, ASCII or alternate, in any language), normalised for search."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="alternate_names")
    name = models.CharField(max_length=200)
    search_key = models.CharField(max_length=200, db_index=True, help_text="Lower-case, accents removed")
    language = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return self.name


class NamedPlaceKind(models.TextChoices):
    """What a mission's own named place is."""

    BRIDGE = "bridge", _("bridge")
    CROSSING_POINT = "crossing_point", _("crossing point")
    CHECKPOINT = "checkpoint", _("checkpoint")
    ROAD = "road", _("road")
    JUNCTION = "junction", _("junction")
    SQUARE = "square", _("square")
    BUILDING = "building", _("building")
    SITE = "site", _("site")
    LANDMARK = "landmark", _("landmark")
    AREA = "area", _("area")
    OTHER = "other", _("place")


class NamedPlaceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The named places of the missions the user belongs to (superusers: all; anonymous: none)."""
        from peaceops.core.access import access_profile

        if not getattr(user, "is_authenticated", False):
            return self.none()
        profile = access_profile(user)
        return self if profile.superuser else self.filter(mission_id__in=list(profile.missions))


class NamedPlace(models.Model):
    """A place a mission names itself, which no gazetteer knows by that name: a bridge, a crossing point, a
    square, a site. Reference data of the mission (docs/decisions/named-places-as-mission-geography.md),
    seen by its members and kept by its administrators; `names` holds the name in other languages."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="named_places")
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True,
                             help_text='Names by language code, e.g. {"sq": "Ura e Ibrit", "sr-Latn": "Most na Ibru"}')
    kind = models.CharField(_("kind"), max_length=20, choices=NamedPlaceKind.choices, default=NamedPlaceKind.OTHER)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NamedPlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("named place")
        verbose_name_plural = _("named places")
        ordering = ["mission", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="uniq_named_place")]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The place's name in a language, falling back to its main name."""
        return name_in(self.names, self.name, language)


class PlaceIndexName(models.Model):
    """One name of one findable place — a gazetteer place, an admin area, a mission's named place or a record
    of a registered place source (`geo.sources`: deployment sites) — with its search key, the importance and
    position that rank it: the one table the place search reads (`peaceops.geo.placeindex` keeps it in step
    with its sources). Rows of admin areas, named places and records carry their mission; gazetteer rows
    (mission null) are for everyone. A record's row names its place source (`record_type`, e.g. "sites") and
    the record's id; who may find it is decided at search time by the record type's `visible_to`."""

    class Source(models.TextChoices):
        GAZETTEER = "gazetteer", _("gazetteer")
        AREA = "area", _("admin area")
        NAMED = "named", _("named place")
        RECORD = "record", _("record")

    source = models.CharField(max_length=10, choices=Source.choices)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(AdminArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    named = models.ForeignKey(NamedPlace, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    mission = models.ForeignKey("core.Mission", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=32, blank=True, help_text="The place source of a record's row")
    record_id = models.UUIDField(null=True, blank=True, help_text="The record's id (a domain record's UUID)")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=16, blank=True)
    key = models.CharField(max_length=200, db_index=True, help_text="search_key(name)")
    importance = models.FloatField(default=0.0, help_text="0..1: how likely a user means this place")
    lon = models.FloatField()
    lat = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["record_id"], name="place_index_record_idx")]

    # No index on `source`: the visibility test (an OR over sources) must not tempt the planner away from the
    # key's index (SQLite then scans every gazetteer row instead of a range of keys).

    def __str__(self) -> str:
        return self.name

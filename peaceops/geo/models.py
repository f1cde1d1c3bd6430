"""Geographic reference data: admin areas (boundaries) and the gazetteer of named places."""

from django.db import models

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

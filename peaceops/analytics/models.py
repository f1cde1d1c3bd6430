"""Stored analytics results: the risk forecasts of `peaceops forecast run` (docs/forecasting.md).

A RiskForecast is one unit's predictive distribution of its target (fatalities or incident counts, of all
incidents or of a subset) for one target month, made at one origin month. It is mission-level aggregate data derived from incidents: the run that made it read only the incidents
visible to `built_by` (recorded here), so a run shows no more than that user could see.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ForecastLevel(models.TextChoices):
    """The forecasting unit: admin-1 area, admin-2 area, PRIO-GRID cell (0.5 degree) or H3 cell."""

    ADM1 = "adm1", _("Admin 1")
    ADM2 = "adm2", _("Admin 2")
    PRIOGRID = "priogrid", _("PRIO-GRID cell")
    H3 = "h3", _("H3 cell")


class ForecastTarget(models.TextChoices):
    """What is forecast per unit-month."""

    FATALITIES = "fatalities", _("Fatalities")
    INCIDENTS = "incidents", _("Incidents")


#: The subset of a run that covers every incident the builder could see.
ALL_INCIDENTS = "all"


class RiskForecast(models.Model):
    """Forecast target (fatalities or incidents) of one unit in one target month (ViEWS month id), made at
    `origin_month`."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=8, choices=ForecastLevel.choices)
    h3_resolution = models.PositiveSmallIntegerField(null=True, blank=True,
                                                     help_text="H3 resolution of level h3 (empty otherwise)")
    target = models.CharField(max_length=12, choices=ForecastTarget.choices, default=ForecastTarget.FATALITIES)
    subset = models.CharField(
        max_length=200, default=ALL_INCIDENTS,
        help_text="Which incidents: 'all', 'category:<path>', 'violence:<1-3>' or both joined by ','")
    unit_key = models.CharField(max_length=32, help_text="Admin area id, PRIO-GRID gid or H3 cell (hex)")
    unit_label = models.CharField(max_length=200, blank=True)
    admin_area = models.ForeignKey("geo.AdminArea", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    origin_month = models.PositiveIntegerField(help_text="ViEWS month id of the last month known (1 = 1980-01)")
    target_month = models.PositiveIntegerField(help_text="ViEWS month id forecast")
    horizon = models.PositiveSmallIntegerField()
    p10 = models.FloatField()
    p50 = models.FloatField()
    p90 = models.FloatField()
    mean = models.FloatField()
    prob_1 = models.FloatField(help_text="Probability of at least 1 (fatality or incident, as `target`)")
    prob_25 = models.FloatField(help_text="Probability of at least 25 (fatalities or incidents, as `target`)")
    model_name = models.CharField(max_length=40)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text="The user whose visible incidents the forecast was built from")
    created_at = models.DateTimeField()
    built_sight = models.JSONField(
        default=dict, help_text="What `built_by` could see in the mission when the run was made "
        "(superuser, organisation ids, strictly confidential); a reader sees the run only if they see at least as much")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mission", "level", "target", "subset", "origin_month", "unit_key",
                                            "horizon"], name="riskforecast_unique_unit_horizon"),
        ]
        indexes = [models.Index(fields=["mission", "level", "target", "subset", "origin_month"],
                                name="riskforecast_run_idx")]

    def __str__(self):
        return f"{self.level} {self.unit_label or self.unit_key} month {self.target_month} (origin {self.origin_month})"


class ExternalUnit(models.TextChoices):
    """The unit of an imported forecast: a whole country (ViEWS `country_id`) or a PRIO-GRID cell."""

    COUNTRY = "country", _("Country (ViEWS country_id)")
    PRIOGRID = "priogrid", _("PRIO-GRID cell")


class ExternalKind(models.TextChoices):
    """What an imported forecast gives per unit-month: samples of fatalities, or a probability of >= 1."""

    SAMPLES = "samples", _("Samples (draws) of fatalities")
    PROBABILITIES = "probabilities", _("Probability of at least 1 fatality")


class ExternalForecast(models.Model):
    """One imported forecast file in the ViEWS layout (docs/forecasting.md, "External forecasts"), for one
    mission: who imported which file (name and sha256), its unit, kind and the column it was read from.

    The forecast itself is public, external data; scores against a mission's incidents are computed when asked,
    from the incidents the asking user may see, so a set holds nothing derived from incidents.
    """

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    source_name = models.CharField(max_length=255, help_text="File name as imported")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes")
    unit = models.CharField(max_length=8, choices=ExternalUnit.choices)
    country_id = models.PositiveIntegerField(null=True, blank=True,
                                             help_text="The mission's ViEWS country_id (unit country)")
    kind = models.CharField(max_length=16, choices=ExternalKind.choices)
    column = models.CharField(max_length=100, help_text="The file column the values were read from")
    log_scale = models.BooleanField(default=False, help_text="Values were ln(1 + fatalities) and were converted")
    violence = models.CharField(max_length=4, blank=True,
                                help_text="UCDP type of violence of the column: sb, ns, os, or blank (all)")
    origin_month = models.PositiveIntegerField(help_text="ViEWS month id of the last month known when the "
                                                         "forecast was made (default: the month before the first)")
    first_month = models.PositiveIntegerField()
    last_month = models.PositiveIntegerField()
    units = models.PositiveIntegerField(help_text="Distinct units in the set")
    draws = models.PositiveIntegerField(default=0, help_text="Samples per unit-month (0 for probabilities)")
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_outside = models.PositiveIntegerField(default=0, help_text="Rows for units outside the mission")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mission", "name"], name="externalforecast_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.kind}, {self.unit})"


class ExternalForecastValue(models.Model):
    """The forecast of one unit in one month: `values` is the list of samples (draws in draw order) or a
    one-element list holding the probability.

    Why one row per unit-month with a JSON list rather than one row per draw: a ViEWS PRIO-GRID sample file
    has hundreds of cells x 36 months x 1000 draws; a long table would be millions of rows read back only
    whole (every score needs all draws of a unit-month together). A JSON list stores the same numbers in
    units x months rows, identically on SQLite and PostgreSQL.
    """

    forecast = models.ForeignKey(ExternalForecast, on_delete=models.CASCADE, related_name="unit_months")
    month_id = models.PositiveIntegerField()
    unit_id = models.PositiveIntegerField(help_text="ViEWS country_id or PRIO-GRID gid")
    values = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forecast", "month_id", "unit_id"], name="externalvalue_unique"),
        ]

    def __str__(self):
        return f"{self.forecast_id}: month {self.month_id}, unit {self.unit_id}"

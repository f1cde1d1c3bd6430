"""Stored analytics results: the risk forecasts of `peaceops forecast run` (docs/forecasting.md).

A RiskForecast is one unit's predictive distribution of its target (fatalities or incident counts, of all
incidents or of a subset) for one target month, made at one origin month. It is mission-level aggregate data derived from incidents: the run that made it read only the incidents
visible to `built_by` (recorded here), so a run shows no more than that user could see.
"""

from django.conf import settings
from django.db import models


class ForecastLevel(models.TextChoices):
    """The forecasting unit: admin-1 area, admin-2 area, PRIO-GRID cell (0.5 degree) or H3 cell."""

    ADM1 = "adm1", "Admin 1"
    ADM2 = "adm2", "Admin 2"
    PRIOGRID = "priogrid", "PRIO-GRID cell"
    H3 = "h3", "H3 cell"


class ForecastTarget(models.TextChoices):
    """What is forecast per unit-month."""

    FATALITIES = "fatalities", "Fatalities"
    INCIDENTS = "incidents", "Incidents"


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

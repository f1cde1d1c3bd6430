"""SEA prevention as the conduct officer reads it: the past allegations at a site (counted over every case of
the mission, stored and shown only from the mission's suppression threshold up), the risk level suggested from
an assessment's scores, a site's surroundings (the incidents near it the reader may see), and a unit's
training completion and prevention measures in force (the card on the unit's page).

The suggested level (docs/user/conduct.md, "Prevention"): the five scores (0 to 3 each) are added up, and past
allegations shown at the site (as many as the threshold or more) add `ALLEGATION_POINTS`; `HIGH_FROM` points
or more is high, `MEDIUM_FROM` or more medium, else low; a site with past allegations shown is at least medium.
A count under the threshold adds nothing, so the suggestion never tells more than the band it is shown as.
"""

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.geo.search import distance_km
from peaceops.incidents.models import Incident
from peaceops.sites.models import Site

from .choices import RiskLevel, TrainingCourse
from .models import Case, ConductSettings, PreventionMeasure, TrainingCompletion

#: The five scores of a risk assessment (0 none to 3 high).
SCORES = ("population_nearby", "displaced_nearby", "poverty", "night_life", "unescorted_movement")
ALLEGATION_POINTS = 3
HIGH_FROM = 9
MEDIUM_FROM = 5
#: A site's surroundings: incidents this near (km) in this many days before the assessment.
RADIUS_KM = 2
DAYS = 365
KM_PER_DEGREE = 111.32


def threshold_of(mission) -> int:
    """The mission's suppression threshold (counts under it are never shown; `services.settings_of`'s
    defaults when the mission has set none)."""
    found = ConductSettings.objects.filter(mission=mission).first()
    return found.suppression_threshold if found else ConductSettings().suppression_threshold


def past_allegations(mission, site_id, on: dt.date) -> int | None:
    """How many of the mission's cases (whoever may read them) name the site and were reported on or before
    `on`: the number when at least the mission's threshold, else None (stored and shown as "fewer than N").
    Only this suppressed figure leaves the function."""
    if site_id is None:
        return None
    count = Case._base_manager.filter(mission=mission, site_id=site_id, reported_on__lte=on).count()
    return count if count >= threshold_of(mission) else None


def shown_allegations(assessment, threshold: int) -> int | None:
    """The stored past allegations when they may be shown under the mission's threshold now, else None (a
    number stored under a threshold raised since falls in the band too)."""
    count = assessment.past_allegations
    return count if count is not None and count >= threshold else None


def allegations_text(assessment, threshold: int | None = None) -> str:
    """The past allegations as a page shows them: the number, or "fewer than N" (N the mission's threshold)."""
    threshold = threshold_of(assessment.mission) if threshold is None else threshold
    count = shown_allegations(assessment, threshold)
    if count is None:
        return _("fewer than %(threshold)s") % {"threshold": threshold}
    return str(count)


def assessment_figures(assessment) -> dict:
    """An assessment's past allegations as shown, and the level its scores and those suggest, with the points."""
    threshold = threshold_of(assessment.mission)
    shown = shown_allegations(assessment, threshold)
    scores = {name: getattr(assessment, name) for name in SCORES}
    return {
        "allegations": allegations_text(assessment, threshold),
        "points": risk_points(scores, shown),
        "suggested_level": suggested_level(scores, shown),
    }


def risk_points(scores: dict, allegations: int | None) -> int:
    """The points of the suggested level: the five scores added, plus `ALLEGATION_POINTS` when past allegations
    are shown (`allegations` not None)."""
    return sum(int(scores.get(name) or 0) for name in SCORES) + (ALLEGATION_POINTS if allegations else 0)


def suggested_level(scores: dict, allegations: int | None) -> str:
    """The level the scores and the shown past allegations suggest (see the module docstring)."""
    points = risk_points(scores, allegations)
    if points >= HIGH_FROM:
        return RiskLevel.HIGH
    if points >= MEDIUM_FROM or allegations:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


@dataclass
class Surroundings:
    """The incidents a reader may see near a site over the days before an assessment, counted by category."""

    since: dt.date
    until: dt.date
    total: int
    by_category: list[tuple[str, int]]
    located: bool = True


def surroundings(user, site, until: dt.date) -> Surroundings:
    """The incidents `user` may see within `RADIUS_KM` of the site that began in the `DAYS` days up to `until`
    (a bounding box in the database, then the distance), by category (most first)."""
    since = until - dt.timedelta(days=DAYS)
    if site is None or site.lon is None or site.lat is None:
        return Surroundings(since, until, 0, [], located=False)
    dlat = RADIUS_KM / KM_PER_DEGREE
    dlon = RADIUS_KM / (KM_PER_DEGREE * max(math.cos(math.radians(site.lat)), 0.01))
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    rows = (
        Incident.objects.visible_to(user)
        .filter(
            mission_id=site.mission_id,
            lon__range=(site.lon - dlon, site.lon + dlon),
            lat__range=(site.lat - dlat, site.lat + dlat),
            occurred_start__gte=start,
            occurred_start__lt=end,
        )
        .values_list("lon", "lat", "category__name")
    )
    counts = Counter(
        name or _("Uncategorised")
        for lon, lat, name in rows
        if distance_km(site.lon, site.lat, lon, lat) <= RADIUS_KM
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return Surroundings(since, until, sum(counts.values()), ordered)


def assessment_context(user, assessment) -> dict:
    """What a risk assessment's page adds: the past allegations as shown, the suggested level and its points,
    and the site's surroundings (when the reader may see the site)."""
    figures = assessment_figures(assessment)
    site = Site.objects.visible_to(user).filter(pk=assessment.site_id).first()
    return {
        **figures,
        "suggested": RiskLevel(figures["suggested_level"]).label,
        "surroundings": surroundings(user, site, assessment.assessed_on),
        "radius_km": RADIUS_KM,
        "site": site,
    }


@dataclass
class CourseCompletion:
    """A unit's latest training completion in one course, as the reader may see it."""

    course: str
    record: TrainingCompletion
    percent: int | None  # None: no strength given


def unit_prevention(request, unit) -> dict:
    """The "SEA prevention" card of a unit's page (registered on units' pages by `ConductConfig.ready`): the
    latest completion per course with its percentage, and the measures in force today."""
    user, today = request.user, timezone.now().date()
    latest: dict[str, TrainingCompletion] = {}
    for record in TrainingCompletion.objects.visible_to(user).filter(unit=unit).order_by("-as_of", "-id"):
        latest.setdefault(record.course, record)
    courses = [
        CourseCompletion(
            TrainingCourse(course).label,
            record,
            round(100 * record.trained / record.strength) if record.strength else None,
        )
        for course, record in sorted(latest.items())
    ]
    measures = (
        PreventionMeasure.objects.visible_to(user)
        .filter(unit=unit, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("-started_on", "id")
    )
    return {"courses": courses, "measures": list(measures)}

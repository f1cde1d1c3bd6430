"""One FilterSet for incidents, serving the API, the pages and the exports alike.

Parameters (all optional): mission (code), bbox (min_lon,min_lat,max_lon,max_lat), since / until (ISO date or
time, on occurred_start: since inclusive, until exclusive), category (path or code; includes descendants),
admin_area (id; matches level 1 or 2), actor (name, case-insensitive, or id), status (comma list),
classification (comma list), q (text in title, description or place name).

Given the `reader` (`partners.redaction.Reader`), the actor filter finds witnesses and victims by name or id
only in incidents that reader reads whole: elsewhere their names are withheld, and a filter must not reveal them.
"""

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.dates import OUT_OF_RANGE, RANGE_PARAMS, in_range
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Mission

from .choices import IncidentStatus
from .models import Category, Incident, IncidentActor

#: The largest database id (64-bit); a bigger number in a filter cannot name a record.
MAX_ID = 2**63 - 1


class FilterError(FieldError):
    """A filter parameter that cannot be understood; `field` names it."""


def given(params) -> dict:
    """The filter parameters actually given: None, empty and whitespace-only values count as absent, as the
    filter form (which strips text) treats them."""
    return {k: v for k, v in params.items() if v is not None and (not isinstance(v, str) or v.strip())}


def parse_moment(field: str, value: str) -> dt.datetime:
    """An ISO date (midnight UTC) or date-time (UTC if no zone given), within the supported range of dates."""
    value = (value or "").strip()
    try:
        parsed = parse_datetime(value)
        day = parse_date(value) if parsed is None else None
    except ValueError:  # well formed but impossible, e.g. 2025-02-30
        parsed = day = None
    if parsed is None:
        if day is None:
            raise FilterError(field, _("must be a date or date and time, e.g. 2026-03-01 (not %(value)s)"),
                              value=repr(value))
        parsed = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    if not in_range(parsed):
        raise FilterError(field, OUT_OF_RANGE, **RANGE_PARAMS)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def check_period(params) -> None:
    """FilterError naming `until` when both ends of the time window are given and `since` is after `until` (such
    a window holds nothing: a mistake to say, not an empty answer to give)."""
    since, until = (str(params.get(name) or "").strip() for name in ("since", "until"))
    if since and until and parse_moment("since", since) > parse_moment("until", until):
        raise FilterError("until", _("must not be before the first day (%(until)s is before since %(since)s)"),
                          until=repr(until), since=repr(since))


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = [float(p) for p in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise FilterError("bbox", _("must be four numbers: min_lon,min_lat,max_lon,max_lat"))
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise FilterError("bbox", _("needs -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90"))
    return min_lon, min_lat, max_lon, max_lat


def category_ids(value: str) -> list[int]:
    """The ids of the categories a `category` filter names (path or code), with all their descendants."""
    value = value.strip().strip("/")
    paths = set(Category.objects.filter(Q(path=value) | Q(code=value)).values_list("path", flat=True))
    if not paths:
        raise FilterError("category", _("names no category (%(value)s)"), value=repr(value))
    condition = Q()
    for path in paths:
        condition |= Q(path=path) | Q(path__startswith=path + "/")
    return list(Category.objects.filter(condition).values_list("id", flat=True))


def classifications(value: str) -> list[str]:
    """The classifications a `classification` filter names (FilterError for an unknown one)."""
    return _choices("classification", value, Classification, str.upper)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _choices(field: str, value: str, choices, normalise=str) -> list[str]:
    """A comma list of choice values, every one checked (FilterError naming `field` for an unknown one)."""
    values = [normalise(v) for v in _csv(value)]
    for v in values:
        if v not in choices.values:
            raise FilterError(field, _("must be one of %(allowed)s (not %(value)s)"), allowed=", ".join(choices.values),
                              value=repr(v))
    return values


class IncidentFilterSet(django_filters.FilterSet):
    """Filters over a queryset already restricted by visible_to(user)."""

    mission = django_filters.CharFilter(method="filter_mission")
    bbox = django_filters.CharFilter(method="filter_bbox")
    since = django_filters.CharFilter(method="filter_since")
    until = django_filters.CharFilter(method="filter_until")
    category = django_filters.CharFilter(method="filter_category")
    admin_area = django_filters.NumberFilter(method="filter_admin_area")
    actor = django_filters.CharFilter(method="filter_actor")
    status = django_filters.CharFilter(method="filter_status")
    classification = django_filters.CharFilter(method="filter_classification")
    q = django_filters.CharFilter(method="filter_text")

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, *args, reader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader

    def filter_mission(self, qs, name, value):
        mission_id = Mission.objects.filter(code=value.strip()).values_list("id", flat=True).first()
        if mission_id is None:
            raise FilterError("mission", _("names no mission (%(value)s)"), value=repr(value.strip()))
        return qs.filter(mission_id=mission_id)

    def filter_bbox(self, qs, name, value):
        min_lon, min_lat, max_lon, max_lat = parse_bbox(value)
        return qs.filter(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat)

    def filter_since(self, qs, name, value):
        return qs.filter(occurred_start__gte=parse_moment("since", value))

    def filter_until(self, qs, name, value):
        return qs.filter(occurred_start__lt=parse_moment("until", value))

    def filter_category(self, qs, name, value):
        return qs.filter(category_id__in=category_ids(value))

    def filter_admin_area(self, qs, name, value):
        if value != int(value) or not 0 <= value <= MAX_ID:
            raise FilterError("admin_area", _("must be an admin area id (not %(value)s)"), value=value)
        return qs.filter(Q(admin1_id=int(value)) | Q(admin2_id=int(value)))

    def filter_actor(self, qs, name, value):
        value = value.strip()
        links = IncidentActor.objects.filter(incident_id=OuterRef("pk"))
        if value.isascii() and value.isdigit() and int(value) <= MAX_ID:
            links = links.filter(actor_id=int(value))
        else:
            links = links.filter(actor__name__iexact=value)
        if self.reader is None:
            return qs.filter(Exists(links))
        from .redaction import PROTECTED_ROLES

        shared = Exists(links.exclude(role__in=PROTECTED_ROLES))
        return qs.filter(shared | (Exists(links) & self.reader.reads_whole()))

    def filter_status(self, qs, name, value):
        return qs.filter(status__in=_choices("status", value, IncidentStatus, str.lower))

    def filter_classification(self, qs, name, value):
        return qs.filter(classification__in=classifications(value))

    def filter_text(self, qs, name, value):
        value = value.strip()
        return qs.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(location_name__icontains=value)
        )


def filter_incidents(queryset, params, reader=None) -> "django_filters.QuerySet":
    """Apply filter parameters (a dict or QueryDict) to a visible_to() queryset; raise FilterError on bad input.

    `reader`: whose eyes (`partners.redaction.Reader.of_user(user)`), so that filters match nothing withheld.
    """
    for key in FILTER_NAMES:
        if "\x00" in str(params.get(key) or ""):
            raise FilterError(key, _("must not contain a NUL character"))
    check_period(params)
    filterset = IncidentFilterSet(data=params, queryset=queryset, reader=reader)
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise FilterError(field, "; ".join(str(e) for e in errors))
    return filterset.qs




FILTER_NAMES = tuple(IncidentFilterSet.base_filters)

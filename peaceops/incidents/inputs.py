"""What a caller hands the incident services: plain, validated data, whatever the intake (form, API, import)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.dates import OUT_OF_RANGE, RANGE_PARAMS, in_range
from peaceops.core.kit.errors import FieldError

from .choices import (
    ActorRole,
    ActorType,
    CasualtyGroup,
    Credibility,
    IncidentStatus,
    LocationPrecision,
    Reliability,
    SourceType,
    TimePrecision,
)

#: The core field error (`core.kit.errors.FieldError`), under the name incidents' callers knew it by: one class,
#: so that every record type's field errors answer the same way (the API's 422 names the field).
IncidentDataError = FieldError


@dataclass
class CasualtyData:
    group: str = CasualtyGroup.OTHER
    killed_low: int = 0
    killed_best: int = 0
    killed_high: int = 0
    injured_low: int = 0
    injured_best: int = 0
    injured_high: int = 0


@dataclass
class ActorData:
    name: str
    role: str = ActorRole.PERPETRATOR
    type: str = ActorType.UNKNOWN
    ucdp_actor_id: int | None = None


@dataclass
class SourceData:
    type: str = "other"
    reference: str = ""
    reliability: str = "F"
    credibility: str = "6"
    reported_at: dt.datetime | None = None


@dataclass
class IncidentData:
    """One incident as given by its reporter. Totals default to the sum of casualty groups."""

    title: str
    occurred_start: dt.datetime
    lon: float
    lat: float
    occurred_end: dt.datetime | None = None
    time_precision: str = TimePrecision.DAY
    reported_at: dt.datetime | None = None
    location_precision: str = LocationPrecision.EXACT
    location_name: str = ""
    description: str = ""
    category_path: str = ""
    status: str = IncidentStatus.REPORTED
    classification: str = "PUBLIC"
    releasable_to: list[str] = field(default_factory=list)  # organisation codes
    casualties: list[CasualtyData] = field(default_factory=list)
    actors: list[ActorData] = field(default_factory=list)
    sources: list[SourceData] = field(default_factory=list)
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    ucdp_id: str | None = None
    acled_id: str | None = None
    external_id: str | None = None
    #: What the reader repaired in the source's values to keep the domain rules, in words ("" when nothing).
    data_repairs: str = ""

    def validate(self) -> None:
        """Raise FieldError naming the first field that breaks a rule."""
        _no_nul_characters(self)
        if not self.title or not self.title.strip():
            raise FieldError("title", _("is required"))
        if len(self.title) > 300:
            raise FieldError("title", _("must be at most %(length)s characters"), length=300)
        if not -180 <= self.lon <= 180:
            raise FieldError("lon", _("must be between %(low)s and %(high)s"), low=-180, high=180)
        if not -90 <= self.lat <= 90:
            raise FieldError("lat", _("must be between %(low)s and %(high)s"), low=-90, high=90)
        for name in ("occurred_start", "occurred_end", "reported_at"):
            value = getattr(self, name)
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise FieldError(name, _("must be a time with a time zone (UTC)"))
            _supported(name, value)
        for i, s in enumerate(self.sources):
            _supported(f"sources[{i}].reported_at", s.reported_at)
        if self.occurred_end is not None and self.occurred_end < self.occurred_start:
            raise FieldError("occurred_end", _("is before the start"))
        _choice("time_precision", self.time_precision, TimePrecision)
        _choice("location_precision", self.location_precision, LocationPrecision)
        _choice("status", self.status, IncidentStatus)
        _choice("classification", self.classification, Classification)
        for i, c in enumerate(self.casualties):
            _choice(f"casualties[{i}].group", c.group, CasualtyGroup)
            _ordered(f"casualties[{i}].killed", c.killed_low, c.killed_best, c.killed_high)
            _ordered(f"casualties[{i}].injured", c.injured_low, c.injured_best, c.injured_high)
        groups = [c.group for c in self.casualties]
        if len(groups) != len(set(groups)):
            raise FieldError("casualties", _("name each group only once"))
        if None not in (self.fatalities_low, self.fatalities_best, self.fatalities_high):
            _ordered("fatalities", self.fatalities_low, self.fatalities_best, self.fatalities_high)
        for i, a in enumerate(self.actors):
            if not a.name.strip():
                raise FieldError(f"actors[{i}].name", _("is required"))
            _choice(f"actors[{i}].role", a.role, ActorRole)
            _choice(f"actors[{i}].type", a.type, ActorType)
        for i, s in enumerate(self.sources):
            _choice(f"sources[{i}].type", s.type, SourceType)
            _choice(f"sources[{i}].reliability", s.reliability, Reliability)
            _choice(f"sources[{i}].credibility", s.credibility, Credibility)

    def totals(self) -> tuple[int, int, int, int, int, int]:
        """Fatalities low/best/high and injured low/best/high: explicit totals, else the sum of groups."""
        def total(explicit, attr):
            return explicit if explicit is not None else sum(getattr(c, attr) for c in self.casualties)

        return (
            total(self.fatalities_low, "killed_low"),
            total(self.fatalities_best, "killed_best"),
            total(self.fatalities_high, "killed_high"),
            sum(c.injured_low for c in self.casualties),
            sum(c.injured_best for c in self.casualties),
            sum(c.injured_high for c in self.casualties),
        )


_ALLOWED: dict[type, frozenset] = {}


def _no_nul_characters(data: "IncidentData") -> None:
    """Text holds no NUL character (PostgreSQL cannot store one; no report needs one)."""
    texts = [(name, value) for name, value in vars(data).items() if isinstance(value, str)]
    texts += [(f"actors[{i}].name", a.name) for i, a in enumerate(data.actors)]
    texts += [(f"sources[{i}].reference", s.reference) for i, s in enumerate(data.sources)]
    texts += [(f"releasable_to[{i}]", code) for i, code in enumerate(data.releasable_to) if isinstance(code, str)]
    for name, value in texts:
        if "\x00" in value:
            raise FieldError(name, _("must not contain a NUL character"))


def _supported(field_name: str, value) -> None:
    """A date-time within the supported range (core.dates): nothing outside it is stored, whatever the intake."""
    if value is not None and not in_range(value):
        raise FieldError(field_name, OUT_OF_RANGE, **RANGE_PARAMS)


def _choice(field_name: str, value, choices) -> None:
    allowed_values = _ALLOWED.get(choices)
    if allowed_values is None:
        allowed_values = _ALLOWED[choices] = frozenset(choices.values)
    if value not in allowed_values:
        raise FieldError(field_name, _("must be one of %(allowed)s (not %(value)s)"), allowed=", ".join(choices.values),
                         value=repr(value))


#: The largest count one casualty field may hold (sums of groups must fit the database's integer columns).
MAX_COUNT = 10_000_000


def _ordered(field_name: str, low: int, best: int, high: int) -> None:
    if min(low, best, high) < 0:
        raise FieldError(field_name, _("must not be negative"))
    if max(low, best, high) > MAX_COUNT:
        raise FieldError(field_name, _("must not be more than %(max)s"), max=f"{MAX_COUNT:,}")
    if not low <= best <= high:
        raise FieldError(field_name, _("must not have a low estimate above the best, nor the best above the "
                                       "high (low %(low)s, best %(best)s, high %(high)s)"), low=low, best=best, high=high)

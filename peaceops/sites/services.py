"""The one door for changing sites: the kit's record service with the sites' own rules and years."""

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService

from .choices import UnitType
from .models import Site, SiteYear

YEAR_FIELDS = ("year", "troops", "units", "countries")


class SiteService(RecordService):
    model = Site
    fields = ("name", "site_type", "lon", "lat", "location_precision", "location_name", "opened_on", "closed_on",
              "notes", "source_id")
    children = ("years",)

    def clean(self, data: dict, mission) -> dict:
        if data["opened_on"] and data["closed_on"] and data["closed_on"] < data["opened_on"]:
            raise FieldError("closed_on", "is before the opening date")
        data["years"] = sorted((_year(i, y) for i, y in enumerate(data.get("years") or [])),
                               key=lambda y: y["year"])
        if len({y["year"] for y in data["years"]}) < len(data["years"]):
            raise FieldError("years", "names a year twice")
        return data

    def children_of(self, record) -> dict:
        years = sorted(record.years.all(), key=lambda y: y.year)  # prefetched by lists
        return {"years": [{k: getattr(y, k) for k in YEAR_FIELDS} for y in years]}

    def write_children(self, record, data: dict) -> None:
        record.years.all().delete()
        SiteYear.objects.bulk_create([SiteYear(site=record, **y) for y in data["years"]])

    def merge(self, stored: dict, incoming: dict) -> dict:
        """An import adds or replaces the years it gives and keeps the others (another file's years)."""
        years = {y["year"]: y for y in stored.get("years", [])}
        years.update({y["year"]: y for y in incoming.get("years", [])})
        return {**stored, **incoming, "years": list(years.values())}


def _year(i: int, value) -> dict:
    where = f"years.{i}"
    if not isinstance(value, dict):
        raise FieldError(where, "must be an object with year, troops, units, countries")
    unknown = set(value) - set(YEAR_FIELDS)
    if unknown:
        raise FieldError(f"{where}.{sorted(unknown)[0]}", "is not a field of a site year")
    year, troops = value.get("year"), value.get("troops", 0)
    if not isinstance(year, int) or not 1945 <= year <= 2100:
        raise FieldError(f"{where}.year", "must be a year between 1945 and 2100")
    if not isinstance(troops, int) or troops < 0:
        raise FieldError(f"{where}.troops", "must be a whole number, 0 or more")
    units = value.get("units") or {}
    for kind, count in units.items():
        if kind not in UnitType.values:
            raise FieldError(f"{where}.units", f"unknown unit type {kind!r} (one of {', '.join(UnitType.values)})")
        if not isinstance(count, int | float) or count < 0:
            raise FieldError(f"{where}.units.{kind}", "must be a number, 0 or more")
    countries = value.get("countries") or []
    for n, c in enumerate(countries):
        if not isinstance(c, dict) or not str(c.get("country") or "").strip():
            raise FieldError(f"{where}.countries.{n}", "must name a country")
    return {"year": year, "troops": troops, "units": {k: units[k] for k in sorted(units)},
            "countries": [{"country": str(c["country"]).strip(), "troops": c.get("troops")} for c in countries]}

"""The one door for changing sites: the kit's record service with the sites' own rules."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService

from .choices import UnitType
from .models import Site


class SiteService(RecordService):
    model = Site
    fields = ("name", "site_type", "lon", "lat", "location_precision", "location_name", "opened_on", "closed_on",
              "notes", "source_id")

    def clean(self, data: dict, mission) -> dict:
        if data["opened_on"] and data["closed_on"] and data["closed_on"] < data["opened_on"]:
            raise FieldError("closed_on", _("is before the opening date"))
        for i, year in enumerate(data["years"]):
            for kind, count in year["units"].items():
                if kind not in UnitType.values:
                    raise FieldError(f"years.{i}.units", _("must be unit types of %(allowed)s (not %(value)s)"),
                                     allowed=", ".join(UnitType.values), value=repr(kind))
                if not isinstance(count, int | float) or count < 0:
                    raise FieldError(f"years.{i}.units.{kind}", _("must be a number, 0 or more"))
            if any(not isinstance(c, dict) or not str(c.get("country") or "").strip() for c in year["countries"]):
                raise FieldError(f"years.{i}.countries", _("must each name a country"))
        return data

    def merge(self, stored: dict, incoming: dict) -> dict:
        """An import adds or replaces the years it gives and keeps the others (another file's years)."""
        years = {y["year"]: y for y in stored.get("years", [])}
        years.update({y["year"]: y for y in incoming.get("years", [])})
        return {**stored, **incoming, "years": list(years.values())}

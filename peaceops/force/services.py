"""The one door for changing the force registry: contingents, units and the UN's published contributions, each
the kit's record service with the registry's own rules."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService

from .choices import ContingentKind, RotationStatus, category_of
from .countries import is_country
from .models import Contingent, Contribution, Unit


def _country(data: dict) -> dict:
    data["country"] = (data["country"] or "").strip().upper()
    if not is_country(data["country"]):
        raise FieldError("country", _("must be an ISO 3166-1 alpha-3 country code (not %(value)s)"),
                         value=repr(data["country"]))
    return data


class ContingentService(RecordService):
    model = Contingent
    fields = ("name", "country", "kind", "national_caveats", "notes", "source_id")

    def clean(self, data: dict, mission) -> dict:
        return _country(data)


class UnitService(RecordService):
    model = Unit
    fields = ("contingent", "name", "unit_type", "national_caveats", "notes", "source_id")

    def clean(self, data: dict, mission) -> dict:
        contingent = Contingent.objects.get(pk=data["contingent"])
        police = category_of(data["unit_type"]) in ("formed_police", "individual_police")
        if police != (contingent.kind == ContingentKind.POLICE):
            raise FieldError("unit_type", _("does not fit a %(kind)s contingent"),
                             kind=contingent.get_kind_display().lower())
        for i, row in enumerate(data["strengths"]):
            if row["deployed"] > row["authorised"] and row["authorised"]:
                raise FieldError(f"strengths.{i}.deployed", _("is more than the authorised strength"))
        for i, row in enumerate(data["deployments"]):
            if row["end"] and row["end"] < row["start"]:
                raise FieldError(f"deployments.{i}.end", _("is before the start"))
        for i, row in enumerate(data["rotations"]):
            if row["status"] == RotationStatus.COMPLETED and not row["completed_on"]:
                raise FieldError(f"rotations.{i}.completed_on", _("is required for a completed rotation"))
        return data


class ContributionService(RecordService):
    model = Contribution
    fields = ("country", "country_name", "un_mission", "year", "month", "as_of", "personnel_category", "female",
              "male", "published_total", "source_id")

    def clean(self, data: dict, mission) -> dict:
        data["un_mission"] = (data["un_mission"] or "").strip().upper()
        if data["as_of"] and data["as_of"].year != data["year"]:
            raise FieldError("as_of", _("is not in the year %(year)s"), year=data["year"])
        return _country(data)

"""The one door for changing conduct records: cases (need-to-know; their creator is assigned, `core.kit`), and
the prevention records, each the kit's record service with conduct's own rules. The workflow's steps
(`workflow`), the people in a case (`identities`) and the ways in from outside (`intake`) go through here."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Classification
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService

from .choices import UNIFORMED, Category, PersonnelCategory, RiskLevel
from .models import Case, ConductSettings, PreventionMeasure, RiskAssessment, TrainingCompletion

#: The case fields a form, the API and an import write (the workflow's own fields are written by its steps).
CASE_FIELDS = (
    "summary",
    "intake_channel",
    "referred_by",
    "alert",
    "lead_officer",
    "un_mission",
    "reported_on",
    "reported_precision",
    "incident_from",
    "incident_from_precision",
    "incident_to",
    "incident_to_precision",
    "personnel_category",
    "personnel_published",
    "subjects",
    "nationality",
    "nationality_name",
    "category",
    "paternity_claim",
    "paternity_established",
    "investigator",
    "investigator_published",
    "nio_requested_on",
    "nio_appointed",
    "investigation_started_on",
    "investigation_ended_on",
    "investigation_days",
    "outcome",
    "criminal_referral",
    "closed_on",
    "site",
    "unit",
    "status",
    "source_id",
)


def settings_of(mission) -> ConductSettings:
    """The mission's conduct settings (the defaults, stored, on first use)."""
    found, _created = ConductSettings.objects.get_or_create(mission=mission)
    return found


def next_reference(mission, year: int) -> str:
    """The next case reference of the mission in `year`: <MISSION>-CDT-<year>-<nnnn> (inside the creating
    transaction; cases are counted whoever may read them, and the number tells nothing a reader of one case
    does not know)."""
    prefix = f"{mission.code}-CDT-{year}-"
    taken = Case._base_manager.filter(mission=mission, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    numbers = [int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


class CaseService(RecordService):
    """Conduct cases. A case's creator is assigned to it; its reference is given at creation."""

    model = Case
    fields = CASE_FIELDS

    def clean(self, data: dict, mission) -> dict:
        data["un_mission"] = (data.get("un_mission") or "").strip().upper()
        data["nationality"] = (data.get("nationality") or "").strip().upper()
        if (
            data["nationality"]
            and data["personnel_category"] not in UNIFORMED
            and data["personnel_category"] != PersonnelCategory.UNKNOWN
        ):
            raise FieldError("nationality", _("is published for uniformed personnel only"))
        for start, end in (
            ("incident_from", "incident_to"),
            ("investigation_started_on", "investigation_ended_on"),
        ):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                raise FieldError(
                    end, _("is before %(other)s"), other=self.model._meta.get_field(start).verbose_name
                )
        if data.get("closed_on") and data.get("reported_on") and data["closed_on"] < data["reported_on"]:
            raise FieldError("closed_on", _("is before the date reported"))
        if data.get("releasable_to"):
            raise FieldError("releasable_to", _("conduct cases are need-to-know: they are never released"))
        if data.get("category") not in Category.values:
            raise FieldError("category", _("must be I or II"))
        return data

    def apply(self, records, datas) -> None:
        super().apply(records, datas)
        given: dict[int, int] = {}  # year -> the last number given in this batch
        for record in records:
            if record.reference:
                continue
            year = record.reported_on.year
            if year not in given:
                given[year] = int(next_reference(record.mission, year).rsplit("-", 1)[1]) - 1
            given[year] += 1
            record.reference = f"{record.mission.code}-CDT-{year}-{given[year]:04d}"

    def create_many(self, rows, **kwargs):
        # A case is strictly confidential unless its writer chooses otherwise (referrals, anonymous reports and
        # imports name no classification; the kit's default would be PUBLIC).
        rows = [{"classification": Classification.STRICTLY_CONFIDENTIAL, **row} for row in rows]
        with transaction.atomic():  # references are numbered inside the creating transaction
            return super().create_many(rows, **kwargs)


class RiskAssessmentService(RecordService):
    model = RiskAssessment
    fields = (
        "site",
        "assessed_on",
        "population_nearby",
        "displaced_nearby",
        "poverty",
        "night_life",
        "unescorted_movement",
        "level",
        "notes",
    )

    def validate(self, data: dict, mission, organisations: dict) -> dict:
        """The kit's checks; then the past allegations at the site (`prevention.past_allegations`: None under
        the mission's threshold) and, when no level is given, the level the scores suggest."""
        from .prevention import past_allegations, suggested_level

        chosen = data.get("level") not in (None, "")
        out = super().validate({**data, "level": data.get("level") or RiskLevel.LOW}, mission, organisations)
        out["past_allegations"] = past_allegations(mission, out["site"], out["assessed_on"])
        if not chosen:
            out["level"] = suggested_level(out, out["past_allegations"])
        return out

    def apply(self, records, datas) -> None:
        super().apply(records, datas)
        for record, data in zip(records, datas, strict=True):
            record.past_allegations = data["past_allegations"]


class TrainingCompletionService(RecordService):
    model = TrainingCompletion
    fields = ("unit", "course", "as_of", "trained", "strength", "notes", "source_id")

    def clean(self, data: dict, mission) -> dict:
        if data["strength"] and data["trained"] > data["strength"]:
            raise FieldError("trained", _("is more than the strength"))
        return data


class PreventionMeasureService(RecordService):
    model = PreventionMeasure
    fields = ("unit", "kind", "started_on", "ended_on", "description")

    def clean(self, data: dict, mission) -> dict:
        if data.get("ended_on") and data["ended_on"] < data["started_on"]:
            raise FieldError("ended_on", _("is before the start"))
        return data

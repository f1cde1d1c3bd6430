"""The one door for changing conduct records: cases (need-to-know; their creator is assigned, `core.kit`), and
the prevention records, each the kit's record service with conduct's own rules. The workflow's steps
(`workflow`), the people in a case (`identities`) and the ways in from outside (`intake`) go through here.

A case's owner (`lead_officer`) is one of the mission's conduct officers and is assigned to the case, whichever
way it is written (pages, API, import); a case that came in without one (a referral, an anonymous report, a
community alert) is taken by a conduct officer assigned to it (`CaseService.take`, or their first step)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core import assignments
from peaceops.core.access import holders_of
from peaceops.core.choices import Classification
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService
from peaceops.core.services import PermissionDenied

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
#: The children ordered by a `position`, numbered in the order given when left blank (a form's rows have none).
NUMBERED = ("allegations", "results", "actions", "assistance")
#: Who may own a case: who may read the cases assigned to them.
CASE_VIEW = "conduct.case.view"


def conduct_officers(mission):
    """The active users whose role in `mission` lets them read the cases assigned to them."""
    return holders_of(CASE_VIEW, mission.pk)


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
    """Conduct cases. A case's creator is assigned to it; its reference is given at creation; its owner is one of
    the mission's conduct officers, assigned to it (module docstring)."""

    model = Case
    fields = CASE_FIELDS

    def clean_children(self, data: dict, mission=None) -> None:
        for name in NUMBERED:
            rows = data.get(name)
            if not isinstance(rows, list):
                continue
            taken = {row.get("position") for row in rows if isinstance(row, dict)}
            free = (n for n in range(len(rows) * 2 + 1) if n not in taken)
            for row in rows:
                if isinstance(row, dict) and row.get("position") in (None, ""):
                    row["position"] = next(free)
        super().clean_children(data, mission)

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
        lead = data.get("lead_officer")
        if lead is not None and not conduct_officers(mission).filter(pk=lead).exists():
            raise FieldError(
                "lead_officer", _("is not a conduct officer of %(mission)s"), mission=mission.code
            )
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
            result = super().create_many(rows, **kwargs)
            for case in [*result.created, *result.updated]:
                self.assign_owner(case, kwargs.get("acting_user"))
        return result

    def update(self, record, *, acting_user, changes: dict, reason: str = ""):
        with transaction.atomic():
            case = super().update(record, acting_user=acting_user, changes=changes, reason=reason)
            self.assign_owner(case, acting_user)
        return case

    @staticmethod
    def assign_owner(case, acting_user) -> None:
        """Assign the case's owner to it unless they are (by whoever may assign on the case; a system load,
        with no acting user, on its own authority)."""
        if case.lead_officer_id is None:
            return
        if not assignments.assignments_of(case).filter(user_id=case.lead_officer_id).exists():
            assignments.assign(
                case, user=case.lead_officer, acting_user=acting_user,
                system=acting_user is None,
                reason=str(_("case owner")),
            )

    def may_take(self, user, case) -> bool:
        """Whether `user` may take `case` as its owner: it has none, and they are a conduct officer assigned to
        it who may change it (a break-glass reader is not assigned: they never become its owner)."""
        return (
            case.lead_officer_id is None
            and getattr(user, "pk", None) is not None
            and assignments.assignments_of(case).filter(user_id=user.pk).exists()
            and conduct_officers(case.mission).filter(pk=user.pk).exists()
            and self.may(user, case.mission_id, "change", case.owner_id)
        )

    def take(self, case, *, acting_user, reason: str = ""):
        """Make `acting_user` the owner of `case`, which has none (a referral, an anonymous report, a case
        from an alert): a change of the case like any other, with its change-log entry. Refused
        (`FieldError("lead_officer")`) when the case has an owner, `PermissionDenied` when the user may not
        take it (`may_take`)."""
        with transaction.atomic():
            locked = Case.objects.select_for_update(of=("self",)).select_related("lead_officer", "mission").get(pk=case.pk)
            if locked.lead_officer_id is not None:
                raise FieldError(
                    "lead_officer", _("is %(user)s already"), user=locked.lead_officer.get_username()
                )
            if not self.may_take(acting_user, locked):
                raise PermissionDenied(
                    f"{acting_user} may not take conduct case {case.pk}",
                    _("Only a conduct officer assigned to this case may take it."),
                )
            why = (reason or "").strip()
            return self.update(
                locked,
                acting_user=acting_user,
                changes={"lead_officer": acting_user.pk},
                reason=f"took the case as its owner: {why}" if why else "took the case as its owner",
            )


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

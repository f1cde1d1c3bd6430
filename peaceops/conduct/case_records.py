"""The case service as the case pages and the API write through it (`CaseService` with two rules of the
intake form): the children's order numbers are given in the order the rows come when left blank (a form's
rows have no "order" to type), and the case owner (`lead_officer`) must be one of the mission's conduct
officers and is assigned to the case, so the owner reads the case they answer for."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peaceops.core import assignments
from peaceops.core.access import holders_of
from peaceops.core.kit.errors import FieldError

from .services import CaseService

#: The children ordered by a `position`.
NUMBERED = ("allegations", "results", "actions", "assistance")
#: Who may own a case: who may read the cases assigned to them.
CASE_VIEW = "conduct.case.view"


def conduct_officers(mission):
    """The active users whose role in `mission` lets them read the cases assigned to them."""
    return holders_of(CASE_VIEW, mission.pk)


class CaseRecords(CaseService):
    """`CaseService` for the pages and the API (see the module docstring)."""

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
        data = super().clean(data, mission)
        lead = data.get("lead_officer")
        if lead is not None and not conduct_officers(mission).filter(pk=lead).exists():
            raise FieldError(
                "lead_officer", _("is not a conduct officer of %(mission)s"), mission=mission.code
            )
        return data

    def create_many(self, rows, **kwargs):
        with transaction.atomic():
            result = super().create_many(rows, **kwargs)
            for case in result.created:
                self.assign_owner(case, kwargs.get("acting_user"))
        return result

    def update(self, record, *, acting_user, changes: dict, reason: str = ""):
        with transaction.atomic():
            case = super().update(record, acting_user=acting_user, changes=changes, reason=reason)
            self.assign_owner(case, acting_user)
        return case

    @staticmethod
    def assign_owner(case, acting_user) -> None:
        """Assign the case's owner to it unless they are (by whoever may assign on the case)."""
        if case.lead_officer_id is None:
            return
        if not assignments.assignments_of(case).filter(user_id=case.lead_officer_id).exists():
            assignments.assign(
                case, user=case.lead_officer, acting_user=acting_user, reason=str(_("case owner"))
            )

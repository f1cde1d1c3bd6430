"""The conduct cases' API, from the kit's router factory: /api/v1/conduct/cases (list, record, detail, change,
delete, history, attachments) with the need-to-know routes (`POST /break-glass`, `GET/POST/DELETE
/{case_id}/assignments`). Every read goes through `Case.objects.visible_to`: a case the caller is not assigned
to (or has not opened by break-glass) answers 404 like one that does not exist, and the list neither shows
nor counts it. Tokens read with `conduct:read` (or `conduct:write`) and write with `conduct:write`. Cases are
never released: the release routes are left out. The detail adds the reference and the current step's due
time; the people in a case are not here (the people section's routes)."""

import datetime as dt

from pydantic import create_model

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import RecordApi, record_router
from peaceops.core.kit.schemas import record_detail, record_schemas

from .filters import CaseFilter
from .services import CaseService

AUTH = scoped(read=["conduct:read", "conduct:write"], write=["conduct:write"])

_detail, _create, _patch = record_schemas(CaseService())
CaseOut = create_model(
    "CaseOut", __base__=_detail, reference=(str, ""), step_due_at=(dt.datetime | None, None)
)


class CaseApi(RecordApi):
    """The kit's record API of cases, their detail with the reference and due time (the kit's history answers
    only who reads the case: never a need-to-know record's history to a superuser who does not)."""

    def detail_of(self, record) -> dict:
        return {
            **record_detail(self.service, record),
            "reference": record.reference,
            "step_due_at": record.step_due_at,
        }


cases_router = record_router(
    CaseApi(
        service=CaseService(),
        filterset=CaseFilter,
        key="-reported_on",
        detail=CaseOut,
        create=_create,
        patch=_patch,
        releases=False,
        prefetch=("victims", "allegations", "results", "actions", "assistance"),
        related=("mission", "owner", "lead_officer"),
    ),
    auth=AUTH,
    tags=["conduct"],
)

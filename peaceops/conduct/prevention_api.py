"""The prevention records' API, from the kit's router factory: /api/v1/conduct/risk-assessments (whose detail
adds the past allegations as shown and the suggested level), /api/v1/conduct/training and
/api/v1/conduct/prevention-measures (docs/user/conduct.md, "Prevention"). Token scopes conduct:read and
conduct:write."""

from pydantic import create_model

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import RecordApi, record_router
from peaceops.core.kit.schemas import record_schemas

from .prevention import assessment_figures
from .prevention_filters import PreventionMeasureFilter, RiskAssessmentFilter, TrainingCompletionFilter
from .services import PreventionMeasureService, RiskAssessmentService, TrainingCompletionService

AUTH = scoped(read=["conduct:read", "conduct:write"], write=["conduct:write"])
TAGS = ["conduct"]

_detail, _create, _patch = record_schemas(RiskAssessmentService())
RiskAssessmentOut = create_model(
    "RiskAssessmentOut",
    __base__=_detail,
    past_allegations=(str, ...),  # the number, or "fewer than N" under the mission's threshold
    suggested_level=(str, ...),
)


class RiskAssessmentApi(RecordApi):
    """Risk assessments: their detail tells the past allegations as the threshold lets them be shown and the
    level the scores suggest (`prevention`)."""

    def detail_of(self, record) -> dict:
        figures = assessment_figures(record)
        return {
            **super().detail_of(record),
            "past_allegations": figures["allegations"],
            "suggested_level": figures["suggested_level"],
        }


risk_router = record_router(
    RiskAssessmentApi(
        service=RiskAssessmentService(),
        filterset=RiskAssessmentFilter,
        key="-assessed_on",
        detail=RiskAssessmentOut,
        create=_create,
        patch=_patch,
    ),
    auth=AUTH,
    tags=TAGS,
)
training_router = record_router(
    RecordApi(service=TrainingCompletionService(), filterset=TrainingCompletionFilter, key="-as_of"),
    auth=AUTH,
    tags=TAGS,
)
measures_router = record_router(
    RecordApi(service=PreventionMeasureService(), filterset=PreventionMeasureFilter, key="-started_on"),
    auth=AUTH,
    tags=TAGS,
)

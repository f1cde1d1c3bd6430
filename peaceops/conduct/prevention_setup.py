"""What the prevention records plug into at start-up (`ConductConfig.ready`): the training list formats
(`training_formats`), the "SEA prevention" card on a unit's page (`core.kit.sections`), and the three record
types as releasable types (partners pull them in their feeds: `/api/v1/partners/{org}/feed/risk-assessments`,
`.../training-completions`, `.../prevention-measures`; they name no case and no person)."""

from peaceops.core.kit.releasable import kit_releasable, register_releasable
from peaceops.core.kit.sections import DetailSection, register_section

from .prevention import unit_prevention
from .services import PreventionMeasureService, RiskAssessmentService, TrainingCompletionService


def register() -> None:
    from . import training_formats  # noqa: F401 - registers the training list formats

    register_section(
        DetailSection(
            key="sea_prevention",
            model="force.unit",
            context=unit_prevention,
            template="conduct/_unit_prevention.html",
        )
    )
    for service, name, item, url in (
        (RiskAssessmentService(), "risk-assessments", "risk_assessment", "risk_assessments:detail"),
        (
            TrainingCompletionService(),
            "training-completions",
            "training_completion",
            "training_completions:detail",
        ),
        (
            PreventionMeasureService(),
            "prevention-measures",
            "prevention_measure",
            "prevention_measures:detail",
        ),
    ):
        register_releasable(kit_releasable(service, name=name, item=item, detail_url=url))

from django.apps import AppConfig


class ConductConfig(AppConfig):
    """Conduct and discipline: misconduct and SEA cases (need-to-know, identities encrypted), their workflow
    and deadlines, the UN's public table of allegations, suppressed statistics, and prevention."""

    name = "peaceops.conduct"
    label = "conduct"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.core.kit.cipher import register_sealed
        from peaceops.interop.records import register_record_type

        from .models import CasePerson
        from .services import (
            CaseService,
            PreventionMeasureService,
            RiskAssessmentService,
            TrainingCompletionService,
        )

        register_sealed(CasePerson)  # key rotation re-seals the people's identities
        from . import search  # noqa: F401 - cases: the one search finds them by reference (their readers only)
        for service in (RiskAssessmentService(), TrainingCompletionService(), PreventionMeasureService()):
            register_record_type(service)
        del CaseService  # cases have no generic CSV: they leave only as the UN's table, without identities

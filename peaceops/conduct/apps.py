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

        from . import (
            people_views,  # noqa: F401 - the "People" section of the case page
            prevention_setup,
        )
        from .models import CasePerson
        from .services import PreventionMeasureService, RiskAssessmentService, TrainingCompletionService
        from .untable import format  # noqa: F401 - conduct.case as the UN's table of allegations (import, export)
        from .workflow_setup import setup_workflow

        register_sealed(CasePerson)  # key rotation re-seals the people's identities
        from . import search  # noqa: F401 - cases: the one search finds them by reference (their readers only)
        for service in (RiskAssessmentService(), TrainingCompletionService(), PreventionMeasureService()):
            register_record_type(service)
        # Cases have no generic CSV: they leave only as the UN's table (`untable`), without identities.
        setup_workflow()  # the deadlines' schedule and the workflow card on a case's page
        prevention_setup.register()  # training formats, the unit page's card, partner feeds

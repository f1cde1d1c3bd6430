from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operations: patrols with their routes, tracks and reports, checkpoint shifts, and the mission's patrol
    coverage."""

    name = "peaceops.operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.interop.records import register_record_type

        from . import layer  # noqa: F401 - the COP layers
        from .services import CheckpointShiftService, PatrolRouteService, PatrolService

        for service in (PatrolRouteService(), PatrolService(), CheckpointShiftService()):
            register_record_type(service)

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operations: patrols with their routes, tracks and reports, checkpoint shifts, and the mission's patrol
    coverage."""

    name = "peaceops.operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.interop.records import register_record_type

        from .services import CheckpointShiftService, PatrolRouteService, PatrolService

        for service in (PatrolRouteService(), PatrolService(), CheckpointShiftService()):
            register_record_type(service)

        from peaceops.core.kit.filtering import register_filterset

        from . import releasable, search  # noqa: F401 - register patrols with the one search
        from .filters import PatrolFilter
        from .models import Patrol

        releasable.register()  # partner feeds and sharing read routes, patrols and checkpoint shifts
        register_filterset(Patrol, PatrolFilter, detail_url="patrols:detail")  # alert rules filter patrols

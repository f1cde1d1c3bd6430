from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operations: patrols with their routes, tracks and reports, checkpoint shifts, and the mission's patrol
    coverage."""

    name = "peaceops.operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.core.kit.filtering import register_filterset
        from peaceops.core.kit.sections import DetailSection, register_section
        from peaceops.interop.records import register_record_type

        from . import layer, releasable, search  # noqa: F401 - the COP layers, the one search
        from .checkpoints import checkpoint_section, is_checkpoint
        from .filters import PatrolFilter
        from .models import Patrol
        from .services import CheckpointShiftService, PatrolRouteService, PatrolService

        for service in (PatrolRouteService(), PatrolService(), CheckpointShiftService()):
            register_record_type(service)
        releasable.register()  # partner feeds and sharing read routes, patrols and checkpoint shifts
        register_filterset(Patrol, PatrolFilter, detail_url="patrols:detail")  # alert rules filter patrols
        # A checkpoint's (site's) page shows its shifts: sites do not know operations, operations fill the page.
        register_section(DetailSection(key="checkpoint", model="sites.site", context=checkpoint_section,
                                       template="operations/_site_checkpoint.html", applies=is_checkpoint))

from django.apps import AppConfig


class ForceConfig(AppConfig):
    """The force registry: contributing countries' contingents, their units, strengths, deployments and
    rotations, and the UN's published contributions of uniformed personnel."""

    name = "peaceops.force"
    label = "force"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.interop.records import register_record_type

        from . import (
            formats,  # noqa: F401 - register the UN contributions formats
            layer,  # noqa: F401 - the COP layers
        )
        from .services import ContingentService, ContributionService, UnitService

        for service in (ContingentService(), UnitService(), ContributionService()):
            register_record_type(service)

        from peaceops.core.kit.filtering import register_filterset

        from . import releasable, search  # noqa: F401 - register contingents and units with the one search
        from .filters import UnitFilter
        from .models import Unit

        releasable.register()  # partner feeds and sharing read contingents, units and contributions
        register_filterset(Unit, UnitFilter, detail_url="units:detail")  # alert rules filter units

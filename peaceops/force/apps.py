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

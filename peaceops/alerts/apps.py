from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Community alerts (issue 14): from a villager's SMS or the public page to an alert the watch triages."""

    name = "peaceops.alerts"
    label = "alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from peaceops.core.kit.filtering import register_filterset
        from peaceops.core.models import Mission, Organisation, Participation
        from peaceops.messaging.hooks import inbound_received
        from peaceops.notices.rules import on_record_read  # alert rules: matched once read (priority, place)

        from . import (  # noqa: F401 - layer, search: the COP layer and the one search
            clocks,
            escalation,
            exports,
            hooks,
            intake,
            layer,
            releasable,
            replies,
            reprioritise,
            search,
        )
        from .filters import AlertFilter
        from .models import Alert, AlertSettings
        from .services import forget_intake

        inbound_received.connect(intake.alert_from_sms, dispatch_uid="peaceops.alerts.alert_from_sms")
        for model in (Mission, Organisation, Participation, AlertSettings):  # what the intake keeps in memory
            for signal in (post_save, post_delete):
                signal.connect(forget_intake, sender=model, dispatch_uid=f"peaceops.alerts.forget_intake.{model.__name__}")
        hooks.alert_read.connect(replies.receipt_on_read, dispatch_uid="peaceops.alerts.replies.receipt")
        hooks.alert_status_changed.connect(replies.status_message, dispatch_uid="peaceops.alerts.replies.status")
        hooks.alert_read.connect(on_record_read, dispatch_uid="peaceops.notices.alert_read")
        # Alert rules match alerts once read (their place, category and priority are known only then).
        register_filterset(Alert, AlertFilter, detail_url="alerts:detail", on_create=False)
        intake.register_schedule()  # the worker's sweep reads alerts stored before a crash
        post_save.connect(clocks.mission_created, sender="core.Mission", dispatch_uid="peaceops.alerts.clocks")
        escalation.register_schedule()  # the response clocks that ran out, every minute
        reprioritise.register_schedule()  # open alerts' priorities rise with their age
        exports.register()  # export-records alerts.alert (CSV, HXL) and alerts.focalpoint
        releasable.register()  # partner feeds and sharing read alerts through the registry

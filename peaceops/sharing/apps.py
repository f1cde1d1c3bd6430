from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Sharing: organisation groups, agreements (default releases of new records), releases and their reports."""

    name = "peaceops.sharing"
    label = "sharing"
    verbose_name = "Sharing"

    def ready(self):
        from peaceops.core.hooks import records_created, releases_edited

        from . import receivers

        records_created.connect(receivers.release_new_records, dispatch_uid="peaceops.sharing.agreements")
        releases_edited.connect(receivers.report_edited_releases, dispatch_uid="peaceops.sharing.edited")

        from .tasks import register_schedule  # the app's periodic tasks (peaceops.worker.schedule)

        register_schedule()

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "peaceops.sharing"
    label = "sharing"
    verbose_name = "Sharing"

    def ready(self):
        from .tasks import register_schedule  # the app's periodic tasks (peaceops.worker.schedule)

        register_schedule()

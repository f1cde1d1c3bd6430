from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "peaceops.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .tasks import register_schedule  # the app's periodic tasks (peaceops.worker.schedule)

        register_schedule()

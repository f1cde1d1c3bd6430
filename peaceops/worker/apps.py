"""The worker app (queue housekeeping tables: worker heartbeats, schedule slots, task progress)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "peaceops.worker"
    label = "worker"
    verbose_name = _("Background worker")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import progress  # noqa: F401  (connects the task signals that keep progress rows current)

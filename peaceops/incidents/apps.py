from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "peaceops.incidents"
    label = "incidents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from peaceops.ledger import first_versions

        from .versions import current_snapshots

        first_versions.register("incidents.incident", current_snapshots)

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    """Incidents: the first record type (taxonomy, actors, casualties, sources), its intake and its read paths."""

    name = "peaceops.incidents"
    label = "incidents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from peaceops.core.hooks import mission_created

        from . import conflicts, receivers, search  # noqa: F401 - search: incidents in the one search; conflicts: edits

        mission_created.connect(receivers.install_taxonomy, dispatch_uid="peaceops.incidents.install_taxonomy")

        from . import releasable

        releasable.register()  # partner feeds, redaction and sharing read incidents through the registry

        from peaceops.ledger import first_versions

        from .versions import current_snapshots

        first_versions.register("incidents.incident", current_snapshots)

        from peaceops.core.kit.filtering import register_filterset
        from peaceops.core.kit.links import register_snapshot
        from peaceops.partners.redaction import Reader

        from .filters import IncidentFilterSet
        from .models import Incident
        from .services import incident_snapshot

        register_snapshot(Incident, incident_snapshot)  # record links log the incident's own snapshot
        # Alert rules filter incidents, as their owner reads them (the actor filter finds no withheld name).
        register_filterset(Incident, IncidentFilterSet, detail_url="incidents:detail",
                           options=lambda user: {"reader": Reader.of_user(user)})

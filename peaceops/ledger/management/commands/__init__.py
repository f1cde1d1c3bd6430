"""The ledger's commands, and the `--mission` option they share."""

from django.core.management import CommandError

from peaceops.core.models import Mission


def mission_option(code: str | None) -> int | None:
    """The id of the mission `--mission CODE` names (None without the option: the installation chain)."""
    if not code:
        return None
    mission_id = Mission.objects.filter(code=code).values_list("pk", flat=True).first()
    if mission_id is None:
        raise CommandError(f"--mission: no mission {code!r}")
    return mission_id

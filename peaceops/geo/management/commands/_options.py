"""What the geo loading commands share: resolving the acting user and reporting warnings."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

MAX_SHOWN_WARNINGS = 20


def acting_user(username: str | None):
    """The user named by --user, or None (the change log then says "system")."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: no user named '{username}'")
    return user


def show_warnings(command, warnings: list[str], total: int) -> None:
    """Print the first warnings on stderr, and how many more there were."""
    for warning in warnings[:MAX_SHOWN_WARNINGS]:
        command.stderr.write(f"warning: {warning}")
    if total > MAX_SHOWN_WARNINGS:
        command.stderr.write(f"... and {total - MAX_SHOWN_WARNINGS} more")

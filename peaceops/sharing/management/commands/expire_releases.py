"""`peaceops expire-releases`: remove the releases whose expiry has passed.

An expired release already shows nothing (`visible_to` checks the expiry at every read). Removing it through
the sharing service writes the change log (who no longer sees what, and since when) and lets the incident
tallies count exactly again (while a mission holds an expired release, its aggregates read the incident rows).
Run it every few minutes from cron or a systemd timer; it is idempotent.
"""

from django.core.management.base import BaseCommand

from peaceops.core.context import request_id_scope
from peaceops.sharing.services import expire_releases


class Command(BaseCommand):
    help = "Remove releases (record x organisation) whose expiry has passed, with a change-log entry each."

    def handle(self, *args, **options):
        with request_id_scope():
            removed = expire_releases()
        self.stdout.write(f"{removed} expired release(s) removed")

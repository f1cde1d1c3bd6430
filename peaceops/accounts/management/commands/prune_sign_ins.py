"""`peaceops prune-sign-ins --older-than 365d`: delete sign-in events older than a given age."""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peaceops.accounts.models import SignInEvent


class Command(BaseCommand):
    help = "Delete sign-in events older than --older-than (e.g. 365d, the default; at least 30d)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", default="365d", metavar="DAYS", help="e.g. 180d (default 365d)")

    def handle(self, *args, older_than, **options):
        match = re.fullmatch(r"\s*(\d+)\s*d?\s*", older_than or "")
        if not match or int(match.group(1)) < 30:
            raise CommandError(f"--older-than {older_than!r}: give a number of days, at least 30, e.g. 365d")
        before = timezone.now() - dt.timedelta(days=int(match.group(1)))
        removed, _ = SignInEvent.objects.filter(time__lt=before).delete()
        self.stdout.write(f"{removed} sign-in event(s) before {before:%Y-%m-%d} deleted.")

"""`peaceops list-tokens [USER] [--all]`: the API tokens (never their secrets), newest first."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from peaceops.core.models import ApiToken


def _when(value) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "-"


class Command(BaseCommand):
    help = "List API tokens: prefix, user, name, scopes, created, expires, last used, status."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Only this user's tokens")
        parser.add_argument("--all", action="store_true", help="Also revoked and expired tokens")

    def handle(self, *args, username=None, all=False, **options):
        tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
        if username:
            tokens = tokens.filter(user__username=username)
        if not all:
            tokens = tokens.filter(revoked=False).exclude(expires_at__lte=timezone.now())
        rows = [("PREFIX", "USER", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "STATUS")]
        rows += [(f"{t.prefix}…", t.user.username, t.name or "-", t.scopes or "-", _when(t.created_at),
                  _when(t.expires_at), _when(t.last_used_at), t.status) for t in tokens]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        self.stderr.write(f"{len(rows) - 1} token(s)")

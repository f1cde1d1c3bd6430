"""`peaceops revoke-token PREFIX [--user USER]`: revoke an API token named by its prefix (as list-tokens shows)."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import ApiToken
from peaceops.core.services import revoke_api_token


class Command(BaseCommand):
    help = "Revoke the API token whose secret starts with PREFIX (e.g. po_Ab3xY); it answers 401 from then on."

    def add_arguments(self, parser):
        parser.add_argument("prefix")
        parser.add_argument("--user", default="", help="The owner, when two tokens share the prefix")
        parser.add_argument("--reason", default="", help="Why (kept in the change log)")

    def handle(self, *args, prefix, user, reason, **options):
        prefix = prefix.rstrip("…").strip()
        if len(prefix) < 4:
            raise CommandError("give the token's prefix as list-tokens shows it, e.g. po_Ab3xY")
        tokens = ApiToken.objects.select_related("user").filter(prefix__startswith=prefix, revoked=False)
        if user:
            tokens = tokens.filter(user__username=user)
        found = list(tokens[:10])
        if not found:
            raise CommandError(f"no unrevoked token with prefix {prefix!r}")
        if len(found) > 1:
            owners = ", ".join(f"{t.prefix}… of {t.user.username}" for t in found)
            raise CommandError(f"{len(found)} tokens match {prefix!r} ({owners}): add --user")
        token = revoke_api_token(token=found[0], reason=reason or "revoked with peaceops revoke-token")
        self.stdout.write(f"Token {token.prefix}… of {token.user.username} revoked.")

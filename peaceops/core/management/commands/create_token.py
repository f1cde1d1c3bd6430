"""`peaceops create-token USER [--scope S ...] [--expires-in 30d] [--name N]`: create an API bearer token and
print its secret once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.choices import DEFAULT_TOKEN_SCOPES, TokenScope
from peaceops.core.services import DEFAULT_TOKEN_LIFETIME, TokenError, create_api_token, parse_lifetime


class Command(BaseCommand):
    help = "Create an API token for USER and print the secret (shown only this once; only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token, e.g. the machine using it")
        parser.add_argument(
            "--scope", action="append", default=[], metavar="SCOPE",
            help=f"What the token may do (repeat, or separate with commas): {', '.join(TokenScope.values)}. "
                 f"Default: {' '.join(DEFAULT_TOKEN_SCOPES)}",
        )
        parser.add_argument("--expires-in", default=f"{DEFAULT_TOKEN_LIFETIME.days}d", metavar="DURATION",
                            help="How long the token lives: e.g. 12h, 30d, 2w (at most 365d; default 90d)")

    def handle(self, *args, username, name, scope, expires_in, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive")
        try:
            token, key = create_api_token(user=user, name=name, scopes=scope, lifetime=parse_lifetime(expires_in))
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"Token {token.prefix}… created for {username} (scopes: {token.scopes}; expires "
            f"{token.expires_at:%Y-%m-%d %H:%M} UTC); keep the secret, it is not shown again:"
        )
        self.stdout.write(key)

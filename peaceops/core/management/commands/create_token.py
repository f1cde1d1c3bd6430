"""`peaceops create-token USER [--name N]`: create an API bearer token and print its secret once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for USER and print the secret (shown only this once; only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token, e.g. the machine using it")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive")
        token, key = create_api_token(user=user, name=name)
        self.stderr.write(f"Token {token.prefix}… created for {username}; keep the secret, it is not shown again:")
        self.stdout.write(key)

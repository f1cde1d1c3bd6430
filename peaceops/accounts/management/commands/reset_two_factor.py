"""`peaceops reset-two-factor USER`: remove USER's authenticator (a lost phone); they enrol again at next sign-in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.accounts.services import remove_two_factor


class Command(BaseCommand):
    help = "Remove USER's two-factor devices; a user who must use two factors enrols again at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        removed = remove_two_factor(user=user)
        self.stdout.write(f"{removed} two-factor device(s) of {username} removed.")

"""`peaceops unlock-user USER`: lift the sign-in lock-out of USER (after too many failed sign-ins)."""

from django.core.management.base import BaseCommand

from peaceops.accounts.services import locked_usernames, unlock_user


class Command(BaseCommand):
    help = "Lift USER's sign-in lock-out (django-axes), from every address; recorded as a sign-in event."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Leave out with --list")
        parser.add_argument("--list", action="store_true", help="Show who is locked out now")

    def handle(self, *args, username=None, list=False, **options):
        if list or not username:
            locked = locked_usernames()
            self.stdout.write("\n".join(locked) if locked else "Nobody is locked out.")
            return
        removed = unlock_user(username=username)
        if removed:
            self.stdout.write(f"{username} unlocked ({removed} failed-attempt record(s) cleared).")
        else:
            self.stdout.write(f"{username} was not locked out (nothing to clear).")

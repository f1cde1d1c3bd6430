"""`peaceops revoke-role USER ROLE --mission M --organisation O --reason R [--by ADMIN]`."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Membership
from peaceops.core.services import PermissionDenied, RoleChangeError, admin_revoke_role, revoke_role

from ._roles import add_role_arguments, resolve


class Command(BaseCommand):
    help = "Revoke USER's role ROLE in a mission for an organisation; --reason is required."

    def add_arguments(self, parser):
        add_role_arguments(parser)

    def handle(self, *args, **options):
        found = resolve(options)
        membership = Membership.objects.filter(user=found["user"], mission=found["mission"],
                                               organisation=found["organisation"], role=found["role"]).first()
        if membership is None:
            raise CommandError(f"{options['username']} holds no role {found['role']} for {options['organisation']} "
                               f"in {options['mission']}")
        try:
            if found["acting_user"] is not None:
                admin_revoke_role(membership, acting_user=found["acting_user"], reason=options["reason"])
            else:
                revoke_role(membership, reason=options["reason"])
        except (PermissionDenied, RoleChangeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{options['username']} is no longer {found['role']} for {options['organisation']} in "
                          f"{options['mission']}")

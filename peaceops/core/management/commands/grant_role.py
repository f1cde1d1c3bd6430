"""`peaceops grant-role USER ROLE --mission M --organisation O [--until DATE] [--reason R] [--by ADMIN]`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.dates import RANGE_TEXT, in_range
from peaceops.core.services import PermissionDenied, RoleChangeError, admin_grant_role, grant_role

from ._roles import add_role_arguments, resolve


class Command(BaseCommand):
    help = "Grant USER the role ROLE in a mission on behalf of an organisation (optionally until a date)."

    def add_arguments(self, parser):
        add_role_arguments(parser)
        parser.add_argument("--until", type=dt.date.fromisoformat, default=None,
                            help="Last day of a temporary role (YYYY-MM-DD, UTC); the role ends after it")

    def handle(self, *args, **options):
        found = resolve(options)
        until = options["until"]
        if until is not None and not in_range(until):
            raise CommandError(f"--until {until} is outside the supported dates, {RANGE_TEXT}")
        ends_at = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) if until else None
        kwargs = dict(user=found["user"], mission=found["mission"], organisation=found["organisation"],
                      role=found["role"], ends_at=ends_at, reason=options["reason"])
        try:
            if found["acting_user"] is not None:
                admin_grant_role(acting_user=found["acting_user"], **kwargs)
            else:
                grant_role(**kwargs)
        except (PermissionDenied, RoleChangeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{options['username']} is {found['role']} for {options['organisation']} in "
                          f"{options['mission']}" + (f" until {until} (UTC)" if until else ""))

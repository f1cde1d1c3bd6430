"""What the grant-role and revoke-role commands share: finding the user, mission, organisation and actor."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from peaceops.core.choices import Role
from peaceops.core.models import Mission, Organisation


def add_role_arguments(parser) -> None:
    parser.add_argument("username", help="The user who gets or loses the role")
    parser.add_argument("role", help=f"One of: {', '.join(Role.values)}")
    parser.add_argument("--mission", required=True, help="Mission code, e.g. UNMIK")
    parser.add_argument("--organisation", required=True, help="Organisation code, e.g. KFOR")
    parser.add_argument("--reason", default="", help="Why (kept in the change log)")
    parser.add_argument("--by", default="", help="Act as this user: refused unless they may manage roles in the "
                        "mission (without it the operator acts, recorded as 'system')")


def find(model, label: str, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise CommandError(f"no {label} {next(iter(lookup.values()))!r}")
    return found


def resolve(options) -> dict:
    """The user, mission, organisation, role and acting user the options name (CommandError if unknown)."""
    if options["role"] not in Role.values:
        raise CommandError(f"{options['role']!r} is not a role; roles are: {', '.join(Role.values)}")
    User = get_user_model()
    return {
        "user": find(User, "user", username=options["username"]),
        "mission": find(Mission, "mission", code=options["mission"]),
        "organisation": find(Organisation, "organisation", code=options["organisation"]),
        "role": options["role"],
        "acting_user": find(User, "user", username=options["by"]) if options["by"] else None,
    }

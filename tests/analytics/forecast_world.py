"""What the forecast-run tests share: two years of monthly incidents in the seeded test areas (built from a
per-month rule), and `forecast run` as an operator types it (10 trees, so the tests stay quick)."""

import datetime as dt

from django.core.management import call_command

from tests.web.seed import Seed

#: The months the seeded incidents fall in: 2024-01 to 2025-12; runs default to the last one as origin.
MONTHS = 24
ORIGIN = "2025-12"


def monthly_seeds(rule) -> list[Seed]:
    """Seeds for every month: `rule(i, when)` gives the month's seeds (i = 0 for 2024-01; when = the 10th, noon)."""
    seeds = []
    for i in range(MONTHS):
        seeds.extend(rule(i, dt.datetime(2024 + i // 12, i % 12 + 1, 10, 12, tzinfo=dt.UTC)))
    return seeds


def run(user, *options, level=None, origin=ORIGIN):
    """`peaceops forecast run --mission UNMIK --user <user> [--level L] --origin <origin> --trees 10 <options>`."""
    level_option = ("--level", level) if level else ()
    call_command("forecast", "run", "--mission", "UNMIK", "--user", user.username, *level_option,
                 "--origin", origin, "--trees", "10", *options, verbosity=0)

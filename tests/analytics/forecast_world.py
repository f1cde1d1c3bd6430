"""What the forecast-run tests share: two years of monthly incidents in the seeded test areas (built from a
per-month rule), and `forecast run` as an operator types it (10 trees, so the tests stay quick)."""

import datetime as dt

from django.core.management import call_command

from tests.web.seed import Seed, create, make_areas

#: The months the seeded incidents fall in: 2024-01 to 2025-12; runs default to the last one as origin.
MONTHS = 24
ORIGIN = "2025-12"


def monthly_seeds(rule) -> list[Seed]:
    """Seeds for every month: `rule(i, when)` gives the month's seeds (i = 0 for 2024-01; when = the 10th, noon)."""
    seeds = []
    for i in range(MONTHS):
        seeds.extend(rule(i, dt.datetime(2024 + i // 12, i % 12 + 1, 10, 12, tzinfo=dt.UTC)))
    return seeds


def seed_world(mission, people, seeds) -> dict:
    """The test areas of `tests.web.seed` with the seeds' incidents in them; returns the areas by name."""
    areas = make_areas(mission)
    create(seeds, mission, people)
    return areas


def run(user, *options, level="adm2", origin=ORIGIN):
    """`peaceops forecast run --mission UNMIK --user <user> --level <level> --origin <origin> --trees 10 <options>`."""
    call_command("forecast", "run", "--mission", "UNMIK", "--user", user.username, "--level", level,
                 "--origin", origin, "--trees", "10", *options, verbosity=0)

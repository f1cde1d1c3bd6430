"""Security test fixtures: the seeded world of every classification x releasability combination, built once
for the package (per pytest-xdist worker) inside a transaction that is rolled back after it (each test runs in
its own savepoint)."""

import pytest
from django.db import transaction

from .world import build_security_world


@pytest.fixture(scope="package")
def security_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_security_world()
            transaction.set_rollback(True)

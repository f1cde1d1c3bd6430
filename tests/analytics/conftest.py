"""Fixtures for the analytics tests: the test client signed in as one of the `people`."""

import pytest


@pytest.fixture
def client_as(client):
    """`client_as(user)` signs the test client in as `user` (force_login: no django-axes bookkeeping)."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in

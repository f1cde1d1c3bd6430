"""Shared fixtures: the mission, organisations and people of the test world (peaceops.testing.world)."""

from pathlib import Path

import pytest

from peaceops.testing import world

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_report_header(config):
    from peaceops.testing.sweeps import describe

    return describe()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many users; a fast hasher keeps fixtures quick, the worlds built once per module or package
    included (production keeps the strong default: Argon2, 0.5 s a password on the test machine)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_by_plain_name(tmp_path_factory):
    """The tests serve static files from the apps, by their plain names: an empty STATIC_ROOT of their own, so
    that the hashed manifest a `peaceops demo` left in var/static (maybe older than the files) is not used.
    tests/browser/test_page_weight.py collects the hashed, compressed files itself."""
    from django.test import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        yield


@pytest.fixture(autouse=True, scope="session")
def _media_dir_of_the_tests(tmp_path_factory):
    """Attachments the tests upload are written to a directory of their own, never to var/media."""
    from django.test import override_settings

    with override_settings(PEACEOPS_MEDIA_DIR=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True, scope="session")
def _identity_keys_of_the_tests(tmp_path_factory):
    """Identities are encrypted with a key file of the tests' own, never with the one in var/."""
    from django.test import override_settings

    from peaceops.core.kit.cipher import reload_keyring

    with override_settings(
        PEACEOPS_IDENTITY_KEYS="",
        PEACEOPS_IDENTITY_KEY_FILE=tmp_path_factory.mktemp("keys") / "identity-keys",
    ):
        reload_keyring()
        yield
    reload_keyring()


@pytest.fixture(autouse=True, scope="session")
def _no_base_map(tmp_path_factory):
    """No offline base map unless a test installs one (tests/web/test_basemap.py): an archive left in var/ by
    a developer does not change what the tests see."""
    from django.test import override_settings

    with override_settings(PEACEOPS_BASEMAP=tmp_path_factory.mktemp("basemap") / "basemap.pmtiles"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once():
    """WhiteNoise lists every app's static files (with a stat and headers for each) when its middleware is built,
    and Django's test client builds the middleware anew for every client: about a tenth of a second a test, most
    of the security matrix's time. In tests the listing is made once per process and per configuration (a server
    process builds its middleware once, so production is unchanged)."""
    from unittest import mock

    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    original = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[tuple, dict] = {}

    def add_files_from_finders(self):
        key = (self.static_prefix, self.max_age, self.autorefresh, tuple(settings.INSTALLED_APPS),
               tuple(str(d) for d in settings.STATICFILES_DIRS))
        if key not in listed:
            before = dict(self.files)
            original(self)
            listed[key] = {url: found for url, found in self.files.items() if before.get(url) is not found}
        self.files.update(listed[key])

    with mock.patch.object(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders):
        yield


@pytest.fixture(autouse=True, scope="session")
def _one_openmp_thread():
    """The forecasting tests fit many small boosted-tree models; with pytest-xdist's two workers each spinning
    OpenMP threads on both cores they took several times longer (the platform's own default is one thread too:
    PEACEOPS_FORECAST_THREADS)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _ledger_flushable():
    """Transactional tests end with a flush, which the ledger's append-only triggers refuse: in tests only,
    the flush drops the triggers first and installs them again after (production has no such path)."""
    from unittest import mock

    from django.db import connection

    from peaceops.ledger import triggers

    original = type(connection.ops).sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if "ledger_ledgerentry" not in tables:
            return statements
        vendor = self.connection.vendor
        return [*triggers.guard_drop_sql(vendor), *statements, *triggers.install_sql(vendor)]

    with mock.patch.object(type(connection.ops), "sql_flush", sql_flush):
        yield


@pytest.fixture(autouse=True)
def _two_factor_not_required(settings):
    """Sign-in of strictly-confidential readers and admins without a second factor, so that other areas' tests
    can sign them in with force_login; tests/accounts switch the requirement back on."""
    settings.PEACEOPS_REQUIRE_TWO_FACTOR = False


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def mission(db):
    """UNMIK, the test world's mission (peaceops.testing.world)."""
    return world.mission("UNMIK")


@pytest.fixture
def orgs(db):
    """UNMIK, KFOR and OSCE by code."""
    return world.organisations("UNMIK", "KFOR", "OSCE")


@pytest.fixture
def people(mission, orgs):
    """Users by job (peaceops.testing.world.EVERYDAY): UNMIK watch officer, reporter, viewer, SC reader, admin;
    KFOR reporter and OSCE viewer."""
    return world.people()


@pytest.fixture
def client_as(client):
    """`client_as(user)` signs the test client in as `user` (force_login: no django-axes bookkeeping)."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run at once in the process that enqueues them (django-tasks' immediate backend), so no
    test needs a running worker; tests/worker switch to the database backend and run the worker themselves."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

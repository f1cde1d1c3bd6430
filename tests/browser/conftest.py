"""Browser-test fixtures: Playwright driving Debian's headless Chromium against pytest-django's live server.

- `browser`: one Chromium per test session, started by the tests themselves.
- `page`: a fresh browser context and page per test; a screenshot named after the test is saved to
  `test-output/browser/<test name>.png` when the test ends (pass or fail).
- `signed_in(page, username, password=PASSWORD)`: signs in through the sign-in form and waits for the COP.
- `new_page()`: another, separate browser context (a second user's window), screenshot `<test name>-2.png`.

Browser tests are marked `@pytest.mark.browser` and need `transaction=True` database access (the live server
runs in another thread), e.g. `pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]`.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls from "async" code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PEACEOPS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
#: The password the tests' users have (tests/factories.py UserFactory).
PASSWORD = "correct horse battery staple"


def _screenshot_name(request, suffix: str = "") -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}{suffix}.png"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file (WAL), not Django's shared-cache memory database: there a write
    from the test thread fails at once ("database table is locked") while the live server's thread is reading
    the same table, where a file database simply lets the reader go on and the writer through."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "browser.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def _streams_end_with_their_pages(django_db_setup, live_server):
    """A COP page's live stream runs in a live-server thread that learns its page has closed only when it next
    writes (the heartbeat): with the default 15 s, streams of the last pages were still polling the database
    after the session had torn it down. A 1 s heartbeat ends them within about a second; the session waits for
    that before the database goes (this fixture is set up after the test database, so torn down before it)."""
    import time

    from django.test import override_settings

    with override_settings(PEACEOPS_LIVE_HEARTBEAT_SECONDS=1):
        yield
        time.sleep(2.5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("PEACEOPS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium: see .ci/run)")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    try:
        page.screenshot(path=str(_screenshot_name(request)), full_page=False)
    finally:
        context.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Factory of further pages, each in its own browser context (another user's session)."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for number, context in enumerate(contexts, start=2):
        try:
            if context.pages:
                context.pages[0].screenshot(path=str(_screenshot_name(request, f"-{number}")))
        finally:
            context.close()


def sign_in(page, username: str, password: str = PASSWORD, next_path: str = "/"):
    """Sign in through the sign-in form and wait until the page after it has loaded."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"sign-in as {username} failed: {page.inner_text('main')[:300]}")
    return page


@pytest.fixture
def signed_in():
    """`signed_in(page, username, password=PASSWORD, next_path="/")` signs in through the form."""
    return sign_in

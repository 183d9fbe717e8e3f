"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Reusable by any browser test: `browser` (one Chromium per session), `new_page` (a fresh
context per call, optionally logged in, optionally with CSP bypassed for injected tools such
as axe-core), `page` (one anonymous page) and `axe_source`. Tests that use them need
`pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the live server runs in
another thread and sees only committed rows.

Chromium comes from Debian (`apt-get install chromium`; `make test` does it as root) and
axe-core from npm (`make axe`); where either is missing the tests that need it are skipped
with that reason, and the run's last line says the browser tests did not run.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import override_settings

CHROMIUM = Path(os.environ.get("CLAIMTRAIL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = (
    Path(__file__).resolve().parents[2] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORD = "correct horse battery"  # the factories' password


# One Chromium per test module, not per session: while Playwright runs, its event loop
# gives this thread's ORM calls other connection objects (see below), which later modules'
# tests should not inherit.
@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent; install Debian's chromium (apt-get install chromium, "
            "which make test does as root)"
        )
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    # Playwright runs an event loop in this thread, and Django keeps one connection object
    # per thread or event loop: once it starts, the test's ORM calls get new connection
    # objects. Those must still restore the data migrations' rows after each transactional
    # test, so they get the serialized copy the test database was made with.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    # Playwright's sync API runs an event loop in this thread; Django would then refuse the
    # test's own ORM calls as if they came from async code. They do not: they run between
    # Playwright calls, never inside the loop. Only while the browser runs, so no other test
    # (nor a process it starts) inherits the exemption.
    allowed_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Close them before the loop goes, so dropping the test database finds no session.
        connections.close_all()
    if allowed_before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allowed_before


@pytest.fixture(scope="session")
def _plain_http_live_server_settings() -> Iterator[None]:
    # The live server builds its middleware once, when it starts, so the suite's per-test
    # settings (plain HTTP, no HTTPS redirect) come too late for it; these come first.
    # Only this one: it stays until the session ends, and every test already runs with it.
    overrides = override_settings(SECURE_SSL_REDIRECT=False)
    overrides.enable()
    yield
    overrides.disable()


@pytest.fixture(scope="session")
def live_server(_plain_http_live_server_settings, live_server):
    """pytest-django's live server, started with the settings above."""
    return live_server


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_url(live_server) -> str:
    """The live server's address as the browser uses it.

    127.0.0.1 rather than localhost: this Chromium upgrades http://localhost to https.
    """
    return live_server.url.replace("localhost", "127.0.0.1")


@pytest.fixture
def new_page(browser, site_url, settings) -> Iterator[Callable]:
    """new_page(user=None, bypass_csp=False): a page in its own context, logged in as user
    through the admin's login form when one is given."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    contexts = []

    def _new_page(user=None, *, bypass_csp: bool = False):
        context = browser.new_context(base_url=site_url, bypass_csp=bypass_csp)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/admin/login/")
            page.fill("#id_username", user.get_username())
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url("**/admin/")
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: run `make axe` (needs npm)")
    return AXE.read_text()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

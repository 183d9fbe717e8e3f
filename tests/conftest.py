import os
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client, override_settings

from sources.models import Capture, Source
from sources.services import capture_request, capture_run
from tests.factories import UserFactory
from tests.loopback import LoopbackServer

pytest_plugins = ["tests.workers"]


@pytest.fixture(scope="session", autouse=True)
def _a_cache_of_this_run(tmp_path_factory) -> Iterator[None]:
    """The cache outlives each test and is shared with the worker processes tests start, so
    this run, and each xdist process of it, gets one of its own: embedded, a folder; on
    Redis, a database number (clearing a Redis cache empties its whole database, so a key
    prefix would not keep two processes from clearing each other's keys)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("FileBasedCache"):
        variable, location = "CACHE_DIR", str(tmp_path_factory.mktemp("cache"))
    elif backend.endswith("RedisCache") and os.environ.get("PYTEST_XDIST_WORKER"):
        variable, location = "CACHE_URL", _redis_url_of_this_process(settings.CACHE_URL)
    else:
        yield
        return
    previous = os.environ.get(variable)
    os.environ[variable] = location
    try:
        with override_settings(
            CACHES={
                alias: {**config, "LOCATION": location} if config["BACKEND"] == backend else config
                for alias, config in settings.CACHES.items()
            }
        ):
            yield
    finally:
        if previous is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = previous


def _redis_url_of_this_process(url: str) -> str:
    """A Redis URL with the database number moved on by this xdist process's index: gw0 keeps
    the number given, gw1 takes the next one, and so on."""
    index = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + index
    return urlunsplit(parts._replace(path=f"/{number}"))


@pytest.fixture(autouse=True)
def _test_http_settings(settings):
    # The suite runs with DEBUG off, as production does, but talks plain HTTP to the test
    # client, has no collected static files, and needs no slow password hashing.
    settings.SECURE_SSL_REDIRECT = False
    # Set here for every test, so that no session-long override (the browser tests' live
    # server adds its own host) can leave a later test without the test client's host.
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff log in with a password alone, as in the embedded default; the tests of staff
    # logins (tests/accounts/) turn the production requirement of a second factor back on.
    settings.STAFF_REQUIRE_TOTP = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A running loopback server on 127.0.0.1; add pages with `.route(path, handler)`."""
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def archive_from_loopback(settings, loopback: LoopbackServer) -> LoopbackServer:
    """Lets the archiver fetch from the loopback network and the `loopback` server's port."""
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, loopback.port]
    return loopback


@pytest.fixture
def media(settings, tmp_path):
    """Archived files (WARCs) go to this test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def capture_now(django_capture_on_commit_callbacks) -> Callable[[Source], Capture]:
    """Capture a source in this process as the worker does, running what waits for the
    commit (the public pages' refresh among it); returns the finished capture."""

    def capture(source: Source) -> Capture:
        with django_capture_on_commit_callbacks(execute=True):
            return capture_run(capture_id=capture_request(source=source, send=False).pk)

    return capture


@pytest.fixture
def fresh_page_cache():
    """An empty cache before and after the test: the cache outlives each test's database,
    so a page cached by one test must not answer the next."""
    _clear_caches()
    yield
    _clear_caches()


def _clear_caches() -> None:
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def researcher(db):
    return UserFactory(username="rita-researcher", groups=["Researchers"])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="victor-reviewer", groups=["Reviewers"])


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="wanda-reviewer", groups=["Reviewers"])


@pytest.fixture
def outsider(db):
    """Staff, so the admin lets them in, but in no group: they may do nothing."""
    return UserFactory(username="oscar-outsider")


@pytest.fixture
def editor(db):
    return UserFactory(username="edith-editor", is_superuser=True)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def researcher_client(researcher):
    return _client_for(researcher)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def second_reviewer_client(second_reviewer):
    return _client_for(second_reviewer)


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


def pytest_collection_modifyitems(items) -> None:
    # A transactional test empties the database when it ends. Without serialized_rollback
    # the rows the data migrations wrote (groups, ratings) are gone for the tests after it,
    # and on PostgreSQL the next serialized restore collides with recreated content types.
    for item in items:
        mark = item.get_closest_marker("django_db")
        if mark and mark.kwargs.get("transaction") and not mark.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


# The browser tests skip themselves where Chromium is missing; a run that passes without them
# proves nothing about the pages, so its last line says so (in the main process, which sees
# the reports of every xdist worker).
_browser_skips: list[str] = []


def pytest_runtest_logreport(report) -> None:
    if report.skipped and report.nodeid.startswith("tests/e2e/"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        if "chromium" in str(reason).lower() or "playwright" in str(reason).lower():
            _browser_skips.append(str(reason).removeprefix("Skipped: "))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    if not _browser_skips:
        return
    line = f"browser tests did not run ({len(_browser_skips)} skipped): {_browser_skips[0]}"
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line, red=True, bold=True)
    else:
        print(line)

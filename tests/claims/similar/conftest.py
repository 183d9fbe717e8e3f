"""A real matcher process (`manage.py matcher`) for tests of matching by meaning.

`matcher` is one matcher for the whole run, with the model loaded (it takes several
seconds), reading the test database; tests that need it use a transactional database so
the matcher sees their rows. `matcher_url` points this process's settings at it for one
test. `start_matcher(**env)` starts another, with settings of its own (a model that does not
exist, a slow /embed), stopped when the test ends.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.workers import database_url, free_port, wait_for

MODEL_LOAD_SECONDS = 180


class MatcherProcess:
    def __init__(self, log: Path, **env: object) -> None:
        self.port = free_port()
        self.log = log
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ARCHIVE_", "CELERY_", "REDIS_", "BROKER_", "SIMILAR_"))
        } | {
            "DEBUG": "false",
            "SECRET_KEY": "matcher-test-secret-key-not-used-elsewhere",
            "DATABASE_URL": database_url(),
            "LOG_LEVEL": "INFO",
            "SIMILAR_MATCHER_URL": self.url,
        }
        environment |= {k: str(v) for k, v in env.items()}
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "matcher", "--address", f"127.0.0.1:{self.port}"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body)
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()

    def health(self) -> dict | None:
        try:
            return self.request("GET", "/health")[1]
        except OSError:
            return None

    def wait_until(self, status: str, timeout: float = MODEL_LOAD_SECONDS) -> dict:
        """Wait until /health says status ("ok", "no_model"); the last answer."""
        if not wait_for(lambda: (self.health() or {}).get("status") == status, timeout=timeout):
            self.stop()
            raise AssertionError(f"the matcher never said {status}:\n{self.output()}")
        return self.health()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


@pytest.fixture(scope="session")
def matcher(django_db_setup, tmp_path_factory) -> Iterator[MatcherProcess]:
    """The matcher with the default model loaded, on the test database, for the whole run."""
    process = MatcherProcess(tmp_path_factory.mktemp("matcher") / "matcher.log")
    try:
        process.wait_until("ok")
        yield process
    finally:
        process.stop()


@pytest.fixture
def matcher_url(settings, matcher: MatcherProcess) -> str:
    """Suggestions and saves in this test use the shared matcher."""
    settings.SIMILAR_MATCHER_URL = matcher.url
    return matcher.url


@pytest.fixture
def start_matcher(django_db_setup, tmp_path) -> Iterator[Callable[..., MatcherProcess]]:
    """Start a matcher of this test's own with extra environment, e.g. SIMILAR_MODEL."""
    started: list[MatcherProcess] = []

    def start(**env: object) -> MatcherProcess:
        process = MatcherProcess(tmp_path / f"matcher-{len(started) + 1}.log", **env)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()

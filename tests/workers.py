"""Real Celery worker processes and real brokers for tests (a pytest plugin).

A test gets a broker (kombu's filesystem transport in a temporary folder, or a private
redis-server it may stop and start) and starts worker processes against it and against the
test database, exactly as `make run` starts them.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

CELERY = Path(sys.executable).with_name("celery")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def database_url() -> str:
    """The test database as a DATABASE_URL, for processes that must see the test's rows."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class RedisServer:
    """A private redis-server on a free port, which a test may kill and start again."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10), "redis-server did not start"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@dataclass
class Broker:
    kind: str
    env: dict[str, str]
    folder: Path
    redis: RedisServer | None = None
    workers: list["Worker"] = field(default_factory=list)

    def queued_messages(self) -> int:
        """Messages waiting in a filesystem broker: what a sweep or a service really sent."""
        return len(list((self.folder / "queue").glob("*.msg")))

    def start_worker(self, *, concurrency: int = 8, beat: bool = False, **env: object) -> "Worker":
        """Start a worker process on this broker; it is killed when the test ends."""
        log = self.folder.parent / f"worker-{len(self.workers) + 1}.log"
        worker = Worker(
            self.env | {k: str(v) for k, v in env.items()}, log, concurrency=concurrency, beat=beat
        )
        self.workers.append(worker)
        return worker


class Worker:
    """`celery worker` (with beat inside it when asked) as a separate process."""

    def __init__(self, env: dict[str, str], log: Path, *, concurrency: int, beat: bool) -> None:
        self.log = log
        args = [str(CELERY), "-A", "config", "worker", "--loglevel", "INFO"]
        args += ["--pool", "threads", "--concurrency", str(concurrency), "--without-mingle"]
        args += ["--without-gossip", "--hostname", f"test-{log.stem}@%h"]
        if beat:
            args += ["--beat", "--schedule", str(log.with_suffix(".schedule"))]
        self.process = subprocess.Popen(
            args,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for(lambda: b" ready." in log.read_bytes(), timeout=30):
            self.stop()
            raise AssertionError(f"the worker did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a power cut would: no cleanup at all."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def _point_producer_at(broker_url: str, options: dict) -> None:
    # The test process sends tasks through the same app the services use; its connection
    # pools were made for the configured broker, so they are dropped and made anew. kombu
    # keeps them in registries keyed by broker URL, so closing the app's pool alone left a
    # closed one there, handed back when a later test sent to that URL again.
    celery_app.conf.broker_url = broker_url
    celery_app.conf.broker_transport = (
        "config.broker:Transport" if broker_url.startswith("filesystem://") else None
    )
    celery_app.conf.broker_transport_options = options
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def filesystem_options(folder: Path) -> dict:
    """The embedded broker's transport options for a folder, whose parts it makes."""
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "claimed_folder": str(folder / "claimed"),
        "store_processed": False,
        "polling_interval": 0.05,
    }
    for key in ("data_folder_in", "control_folder"):
        Path(options[key]).mkdir(parents=True, exist_ok=True)
    return options


@pytest.fixture(autouse=True, scope="session")
def _tests_send_to_a_private_broker(tmp_path_factory) -> Iterator[None]:
    # Tasks that tests send without asking for a broker land in a folder of their own,
    # never in the project's var/broker where a `make run` worker would pick them up.
    original = (celery_app.conf.broker_url, dict(celery_app.conf.broker_transport_options))
    _point_producer_at("filesystem://", filesystem_options(tmp_path_factory.mktemp("broker")))
    yield
    _point_producer_at(*original)


@contextmanager
def _broker(kind: str, tmp_path: Path, settings) -> Iterator[Broker]:
    folder = tmp_path / "broker"
    folder.mkdir()
    original = (celery_app.conf.broker_url, dict(celery_app.conf.broker_transport_options))
    settings.MEDIA_ROOT = str(tmp_path / "media")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ARCHIVE_", "CELERY_", "REDIS_", "BROKER_"))
    } | {
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-secret-key-not-used-elsewhere",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat.schedule"),
        "LOG_LEVEL": "INFO",
    }
    redis = None
    if kind == "redis":
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed here; the Redis pass needs it")
        redis = RedisServer(folder)
        redis.start()
        env["CELERY_BROKER_URL"] = redis.url
        _point_producer_at(redis.url, {"visibility_timeout": 3600})
    else:
        env["BROKER_DIR"] = str(folder)
        env["CELERY_BROKER_URL"] = "filesystem://"
        _point_producer_at("filesystem://", filesystem_options(folder))
    if os.environ.get("REDIS_URL"):
        # The cache, not the broker: a worker refreshes the pages this process serves.
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    state = Broker(kind=kind, env=env, folder=folder, redis=redis)
    try:
        yield state
    finally:
        # Killed, not stopped: the test is over and asserts nothing about a warm shutdown,
        # which takes celery five seconds here (its consumer loop and timer wind down).
        for worker in state.workers:
            worker.kill()
        if redis:
            redis.kill()
        _point_producer_at(*original)


@pytest.fixture(params=["filesystem", "redis"])
def broker(request, tmp_path, settings) -> Iterator[Broker]:
    """A real broker, of each kind the project supports, and the environment for workers."""
    with _broker(request.param, tmp_path, settings) as state:
        yield state


@pytest.fixture
def filesystem_broker(tmp_path, settings) -> Iterator[Broker]:
    """The embedded broker alone, for tests that count the messages services send."""
    with _broker("filesystem", tmp_path, settings) as state:
        yield state


@pytest.fixture
def redis_broker(tmp_path, settings) -> Iterator[Broker]:
    """A private Redis as the broker, for tests that stop and start it."""
    with _broker("redis", tmp_path, settings) as state:
        yield state

"""bin/worker, which `make run` starts: one worker process per core, each taking work, and
all of them gone when one stops, so that a supervisor starts them again."""

import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from sources.models import Capture
from sources.services import source_create
from tests.loopback import page
from tests.loopback.articles import article
from tests.workers import Broker, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKER = Path(django_settings.BASE_DIR) / "bin" / "worker"


def _processes(group: int) -> dict[int, str]:
    """The processes in a process group: pid and command line."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) != group:
                continue
            line = stat.with_name("cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        found[int(stat.parent.name)] = line
    return found


def _workers(group: int) -> dict[int, str]:
    """The Celery worker processes in a process group: pid and command line."""
    return {
        pid: line
        for pid, line in _processes(group).items()
        if "celery" in line and " worker " in line
    }


def _text_readers(group: int) -> list[int]:
    """The fork servers of the workers in a process group, and the readers forked from them."""
    return [pid for pid, line in _processes(group).items() if "forkserver" in line]


def test_bin_worker_runs_a_process_per_core_and_stops_them_all_with_one(
    filesystem_broker: Broker, loopback, tmp_path
):
    log = tmp_path / "bin-worker.log"
    env = filesystem_broker.env | {
        "CELERY_WORKER_PROCESSES": "2",
        "CELERY_WORKER_CONCURRENCY": "4",
        "ARCHIVE_ALLOWED_NETWORKS": "127.0.0.0/8",
        "ARCHIVE_ALLOWED_PORTS": f"80,443,{loopback.port}",
    }
    process = subprocess.Popen(
        [str(WORKER), "--loglevel", "INFO", "--without-mingle", "--without-gossip"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert wait_for(lambda: log.read_bytes().count(b" ready.") == 2, timeout=60), log.read_text(
            errors="replace"
        )[-3000:]
        workers = _workers(process.pid)
        assert sorted(line.split("--hostname ")[1].split("@")[0] for line in workers.values()) == [
            "worker1",
            "worker2",
        ], workers
        # Each worker started its fork server and its text readers before any capture came.
        readers = 2 * (1 + django_settings.ARCHIVE_EXTRACT_PROCESSES)
        assert wait_for(lambda: len(_text_readers(process.pid)) == readers, timeout=30), _processes(
            process.pid
        )

        for n in range(12):
            loopback.route(f"/a/{n}", page(article(n, paragraphs=40)))
            source_create(url=loopback.url(f"/a/{n}"))
        assert wait_for(
            lambda: Capture.objects.filter(status=Capture.Status.SUCCEEDED).count() == 12,
            timeout=60,
        ), list(Capture.objects.values_list("status", flat=True))

        # One worker dies (the OOM killer, say): bin/worker ends the other and exits, so the
        # supervisor above it (bin/run, systemd) sees one failure, not a half-running set.
        first = next(pid for pid, line in workers.items() if "worker1@" in line)
        os.kill(first, signal.SIGKILL)
        process.wait(30)
        assert wait_for(lambda: not _workers(process.pid), timeout=30), _workers(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

"""The archiver through real worker processes and real brokers: the filesystem broker that
`make run` uses, and Redis."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from sources.models import Capture, Source
from sources.services import source_create
from tests.adminforms import form_data
from tests.loopback import huge, page, redirect, reset_mid_body, slow
from tests.workers import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE = b"<html><head><title>Minsk talks</title></head><body><article><p>%s</p></article></body>"


def _body(n: int) -> bytes:
    return PAGE % f"Page {n}: the meeting in Minsk ended without agreement.".encode()


def _archive_env(loopback, **extra) -> dict:
    return {
        "ARCHIVE_ALLOWED_NETWORKS": "127.0.0.0/8",
        "ARCHIVE_ALLOWED_PORTS": f"80,443,{loopback.port}",
        **extra,
    }


def _statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Capture.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def _warcs(media: str) -> list[Path]:
    return sorted(Path(media).rglob("*.warc.gz"))


def test_saving_a_source_in_the_admin_ends_in_a_succeeded_capture(
    broker, loopback, researcher_client, settings
):
    loopback.route("/article", page(_body(1)))
    broker.start_worker(**_archive_env(loopback))
    url = reverse("admin:sources_source_add")
    data = form_data(researcher_client, url)
    data.update({"url": loopback.url("/article"), "title": "Minsk", "kind": "article"})
    assert researcher_client.post(url, data).status_code == 302

    capture = Source.objects.get().captures.get()
    assert wait_for(
        lambda: Capture.objects.get(pk=capture.pk).status == Capture.Status.SUCCEEDED, timeout=30
    ), _statuses()
    capture.refresh_from_db()
    assert capture.attempts == 1
    assert "without agreement" in capture.text
    assert Path(capture.warc.path).exists()


def test_a_worker_killed_mid_batch_loses_no_capture_and_stores_no_warc_twice(
    broker, loopback, settings
):
    for n in range(20):
        loopback.route(f"/slow/{n}", slow(1000, _body(n)))
    env = _archive_env(loopback, ARCHIVE_STALE_AFTER=3, ARCHIVE_SWEEP_INTERVAL=0.5)
    for n in range(20):
        source_create(url=loopback.url(f"/slow/{n}"))

    doomed = broker.start_worker(concurrency=4, **env)
    assert wait_for(
        lambda: _statuses().get("succeeded", 0) >= 4 and _statuses().get("running", 0) >= 1,
        timeout=30,
    ), _statuses()
    doomed.kill()
    running_when_killed = _statuses().get("running", 0)
    assert running_when_killed >= 1

    broker.start_worker(concurrency=8, beat=True, **env)
    assert wait_for(lambda: _statuses() == {"succeeded": 20}, timeout=90), _statuses()
    warcs = _warcs(settings.MEDIA_ROOT)
    assert len(warcs) == 20, [w.name for w in warcs]
    stored = {c.warc.name for c in Capture.objects.all()}
    assert len(stored) == 20
    assert all(Path(settings.MEDIA_ROOT, name).exists() for name in stored)


def test_restarting_redis_mid_batch_loses_no_capture(redis_broker, loopback, settings):
    broker = redis_broker
    for n in range(20):
        loopback.route(f"/slow/{n}", slow(700, _body(n)))
    env = _archive_env(loopback, ARCHIVE_STALE_AFTER=3, ARCHIVE_SWEEP_INTERVAL=0.5)
    for n in range(20):
        source_create(url=loopback.url(f"/slow/{n}"))
    broker.start_worker(concurrency=4, beat=True, **env)
    assert wait_for(lambda: _statuses().get("succeeded", 0) >= 3, timeout=30), _statuses()

    broker.redis.kill()  # Redis keeps nothing on disk here: every queued message is gone
    broker.redis.start()

    def all_done_under_a_supervisor() -> bool:
        # Under load, kombu's Redis transport can stop a worker while it reconnects. In
        # production a supervisor (systemd, Kubernetes) starts it again; so does this test,
        # and the captures must still all end succeeded.
        if broker.workers[-1].process.poll() is not None:
            broker.start_worker(concurrency=4, beat=True, **env)
        return _statuses() == {"succeeded": 20}

    assert wait_for(all_done_under_a_supervisor, timeout=90, interval=0.5), (
        _statuses(),
        broker.workers[-1].output()[-3000:],
    )
    assert len(_warcs(settings.MEDIA_ROOT)) == 20


def test_the_worker_survives_hostile_pages_and_takes_the_next_job(broker, loopback, settings):
    loopback.route("/reset", reset_mid_body())
    loopback.route("/huge", huge(3 * 1024 * 1024))
    loopback.route("/to-metadata", redirect("http://169.254.169.254/latest/meta-data/"))
    loopback.route("/missing", page(b"gone", status=404))
    loopback.route("/fine", page(_body(7)))
    worker = broker.start_worker(
        **_archive_env(loopback, ARCHIVE_MAX_BYTES=1024 * 1024, ARCHIVE_MAX_ATTEMPTS=1)
    )
    expected = {
        "/reset": ("failed", "connect"),
        "/huge": ("failed", "too_large"),
        "/to-metadata": ("blocked", "blocked_address"),
        "/missing": ("failed", "http_status"),
        "/fine": ("succeeded", ""),
    }
    for path in expected:
        source_create(url=loopback.url(path))

    def outcomes() -> dict[str, tuple[str, str]]:
        return {
            "/" + c.source.url.split("/", 3)[3]: (c.status, c.error_code)
            for c in Capture.objects.select_related("source")
        }

    assert wait_for(lambda: outcomes() == expected, timeout=30), outcomes()
    assert worker.process.poll() is None, "the worker is still running"
    assert all(c.error_message for c in Capture.objects.exclude(status="succeeded"))


def test_a_worker_killed_between_storing_a_warc_and_writing_its_row_leaves_no_orphan(
    filesystem_broker, loopback, settings
):
    broker = filesystem_broker
    loopback.route("/slow", slow(500, _body(1)))
    env = _archive_env(
        loopback,
        ARCHIVE_STALE_AFTER=3,
        ARCHIVE_SWEEP_INTERVAL=0.5,
        ARCHIVE_ORPHAN_GRACE=2,
        ARCHIVE_ORPHAN_SWEEP_INTERVAL=0.5,
    )
    source, _ = source_create(url=loopback.url("/slow"))
    capture = source.captures.get()
    doomed = broker.start_worker(concurrency=1, **env)
    assert wait_for(
        lambda: Capture.objects.get(pk=capture.pk).status == Capture.Status.RUNNING, timeout=30
    ), _statuses()

    # Holding a write lock on the row (the whole database on SQLite) stops the worker at
    # its last step, writing the row, after it has stored the WARC; killed there, it leaves
    # a file no row names.
    with transaction.atomic():
        Capture.objects.filter(pk=capture.pk).update(title="")
        assert wait_for(lambda: _warcs(settings.MEDIA_ROOT), timeout=30), doomed.output()[-3000:]
        doomed.kill()
    (orphan,) = _warcs(settings.MEDIA_ROOT)
    assert Capture.objects.get(pk=capture.pk).status == Capture.Status.RUNNING

    worker = broker.start_worker(concurrency=2, beat=True, **env)

    def swept() -> bool:
        done = Capture.objects.get(pk=capture.pk)
        return done.status == Capture.Status.SUCCEEDED and not orphan.exists()

    assert wait_for(swept, timeout=60), (_statuses(), worker.output()[-3000:])
    done = Capture.objects.get(pk=capture.pk)
    assert done.attempts == 2
    assert _warcs(settings.MEDIA_ROOT) == [Path(settings.MEDIA_ROOT, done.warc.name)]
    assert all(
        Path(settings.MEDIA_ROOT, name).exists()
        for name in Capture.objects.exclude(warc="").values_list("warc", flat=True)
    )
    assert "no capture names" in worker.output()

"""Running a capture (sources.services.captures): what a good fetch stores, how a failed one
ends or is retried, and how a fault of the archiver's own is recorded."""

import hashlib
import json
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from warcio.archiveiterator import ArchiveIterator

from sources.models import Capture, Source
from sources.services import capture_request, capture_run, retry_delay
from sources.services.captures import _queued, _take
from tests.factories import CaptureFactory, SourceFactory
from tests.loopback import page, redirect, slow
from tests.sources.articles import ARTICLE, capture_page

pytestmark = pytest.mark.django_db

WARCIO = str(Path(sys.executable).with_name("warcio"))


def test_capturing_a_page_stores_a_warc_that_warcio_reads_and_the_main_text(
    archive_from_loopback, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    capture = capture_page(archive_from_loopback)

    assert capture.status == Capture.Status.SUCCEEDED
    assert capture.http_status == 200
    assert capture.attempts == 1
    assert capture.ip_address == "127.0.0.1"
    assert capture.size_bytes == len(ARTICLE)
    assert capture.sha256 == hashlib.sha256(ARTICLE).hexdigest()
    assert capture.title == "Inside the Donetsk morgue"
    assert "nowhere else to put them" in capture.text
    assert "Copyright" not in capture.text
    assert capture.text_sha256 == hashlib.sha256(capture.text.encode()).hexdigest()
    assert capture.changed is None

    warc = Path(capture.warc.path)
    check = subprocess.run([WARCIO, "check", "-v", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout
    index = subprocess.run(
        [WARCIO, "index", "-f", "warc-type,warc-ip-address,warc-payload-digest,http:status", warc],
        capture_output=True,
        text=True,
        check=True,
    )
    records = [json.loads(line) for line in index.stdout.splitlines()]
    assert [r["warc-type"] for r in records] == ["warcinfo", "request", "response"]
    response = records[2]
    assert response["warc-ip-address"] == "127.0.0.1"
    assert response["http:status"] == "200"
    assert response["warc-payload-digest"].startswith("sha1:")
    assert not list(Path(tmp_path, "tmp").glob("*")), "no temporary WARC is left behind"


def test_the_warc_holds_the_request_and_response_headers_really_exchanged(
    archive_from_loopback, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    capture = capture_page(archive_from_loopback, headers=[("X-Served-By", "loopback-7")])
    records = {}
    with open(capture.warc.path, "rb") as stream:
        for record in ArchiveIterator(stream):
            records[record.rec_type] = (record.http_headers, record.content_stream().read())
    request_headers, _ = records["request"]
    response_headers, body = records["response"]
    assert request_headers.get_header("User-Agent") == settings.ARCHIVE_USER_AGENT
    assert response_headers.get_header("X-Served-By") == "loopback-7"
    assert body == ARTICLE
    seen = archive_from_loopback.requests[-1]
    assert seen.header("User-Agent") == settings.ARCHIVE_USER_AGENT


def test_a_later_capture_notes_whether_the_text_changed(archive_from_loopback, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    loopback = archive_from_loopback
    first = capture_page(loopback)
    again = capture_run(capture_id=capture_request(source=first.source, send=False).pk)
    assert again.changed is False
    loopback.route("/story", page(ARTICLE.replace(b"368", b"412")))
    edited = capture_run(capture_id=capture_request(source=first.source, send=False).pk)
    assert edited.changed is True
    assert "412 civilian casualties" in edited.text


def test_a_pdf_keeps_its_type_and_size(archive_from_loopback, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    body = b"%PDF-1.4 not really a PDF"
    capture = capture_page(archive_from_loopback, body=body, content_type="application/pdf")
    assert capture.status == Capture.Status.SUCCEEDED
    assert capture.content_type == "application/pdf"
    assert capture.size_bytes == len(body)
    assert capture.text == ""


def test_a_missing_page_fails_at_once_with_a_reason_a_researcher_can_act_on(
    archive_from_loopback,
):
    capture = capture_page(archive_from_loopback, status=404)
    assert capture.status == Capture.Status.FAILED
    assert capture.error_code == Capture.ErrorCode.HTTP_STATUS
    assert capture.http_status == 404
    assert capture.attempts == 1
    assert "404" in capture.error_message
    assert not capture.warc


def test_a_redirect_to_a_malformed_address_fails_as_a_bad_url_not_as_our_fault(
    archive_from_loopback,
):
    archive_from_loopback.route("/story", redirect("http:%5C%5C127.0.0.2/admin"))
    source = SourceFactory(url=archive_from_loopback.url("/story"))

    capture = capture_run(capture_id=capture_request(source=source, send=False).pk)

    assert (capture.status, capture.error_code) == ("failed", "bad_url")
    assert capture.attempts == 1
    assert "backslashes" in capture.error_message
    assert capture.redirect_chain[0]["location"] == "http:%5C%5C127.0.0.2/admin"


def test_an_internal_address_ends_blocked_and_is_never_fetched(loopback):
    loopback.route("/story", page(ARTICLE))
    source = SourceFactory(url=loopback.url("/story"))
    capture = capture_run(capture_id=capture_request(source=source, send=False).pk)
    assert capture.status == Capture.Status.BLOCKED
    assert capture.error_code == Capture.ErrorCode.BLOCKED_ADDRESS
    assert capture.error_message
    assert loopback.requests == []


def test_a_server_error_is_retried_with_backoff_until_the_attempts_run_out(
    archive_from_loopback, filesystem_broker, settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_MAX_ATTEMPTS = 2
    archive_from_loopback.route("/story", page(b"down", status=503))
    source = SourceFactory(url=archive_from_loopback.url("/story"))
    capture = capture_request(source=source, send=False)

    with django_capture_on_commit_callbacks(execute=True):
        first = capture_run(capture_id=capture.pk)
    assert first.status == Capture.Status.QUEUED
    assert first.attempts == 1
    assert first.http_status == 503
    assert first.next_attempt_at > timezone.now()
    assert "trying again" in first.error_message
    assert filesystem_broker.queued_messages() == 1, "the retry was sent to the broker"

    second = capture_run(capture_id=capture.pk)
    assert second.status == Capture.Status.FAILED
    assert second.attempts == 2
    assert "Gave up after 2 attempts" in second.error_message


def test_a_429_waits_at_least_as_long_as_retry_after_asks(archive_from_loopback):
    archive_from_loopback.route(
        "/story", page(b"slow down", status=429, headers=[("Retry-After", "40")])
    )
    source = SourceFactory(url=archive_from_loopback.url("/story"))
    before = timezone.now()
    capture = capture_run(capture_id=capture_request(source=source, send=False).pk)
    assert capture.status == Capture.Status.QUEUED
    assert capture.next_attempt_at >= before + timedelta(seconds=40)


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap(settings):
    settings.ARCHIVE_RETRY_BASE = 2.0
    settings.ARCHIVE_RETRY_MAX = 60.0
    for attempt, ceiling in [(1, 2), (2, 4), (3, 8), (4, 16), (10, 60)]:
        delays = {retry_delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1, "jitter spreads retries that failed together"
    assert retry_delay(1, retry_after=30) >= 30
    assert retry_delay(1, retry_after=3600) == 60


def test_a_capture_that_is_no_longer_queued_is_left_alone():
    capture = CaptureFactory(status=Capture.Status.SUCCEEDED, attempts=1)
    assert capture_run(capture_id=capture.pk) is None
    capture.refresh_from_db()
    assert capture.status == Capture.Status.SUCCEEDED
    assert capture.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_that_lost_its_capture_to_another_keeps_nothing(
    archive_from_loopback, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    archive_from_loopback.route("/story", slow(1500, ARTICLE))
    source = SourceFactory(url=archive_from_loopback.url("/story"))
    capture = capture_request(source=source, send=False)
    slow_worker = threading.Thread(target=capture_run, kwargs={"capture_id": capture.pk})
    slow_worker.start()
    assert _eventually(lambda: Capture.objects.get(pk=capture.pk).status == "running")
    # Meanwhile the sweep decided that worker was dead and another worker took over.
    Capture.objects.filter(pk=capture.pk).update(attempts=2, started_at=timezone.now())
    slow_worker.join(10)

    capture.refresh_from_db()
    assert capture.status == Capture.Status.RUNNING
    assert capture.attempts == 2
    assert not capture.warc
    assert list(Path(tmp_path).rglob("*.warc.gz")) == []


def test_of_two_workers_that_read_a_queued_capture_only_the_first_takes_it():
    # A message delivered twice (a redelivery, the sweep's resend) reaches two workers that
    # both read the row while it is queued; the second's claim must match nothing.
    capture = CaptureFactory(status=Capture.Status.QUEUED, attempts=0)
    first, second = _queued(capture.pk), _queued(capture.pk)
    assert _take(first)
    assert not _take(second)
    # Requeued by the sweep after the first worker died: a worker that read it before then
    # read a stale attempt count, and the fresh read takes it.
    Capture.objects.filter(pk=capture.pk).update(status=Capture.Status.QUEUED)
    assert not _take(second)
    assert _take(_queued(capture.pk))
    capture.refresh_from_db()
    assert (capture.status, capture.attempts) == (Capture.Status.RUNNING, 2)


def _eventually(condition, timeout=5.0) -> bool:
    from tests.workers import wait_for

    return wait_for(condition, timeout=timeout, interval=0.02)


def _run_capture_of(url: str) -> Capture:
    source = SourceFactory(url=url)
    return capture_run(capture_id=capture_request(source=source, send=False).pk)


def test_a_redirect_to_a_malformed_address_fails_the_capture_as_a_bad_url(
    archive_from_loopback, media, finished_captures
):
    archive_from_loopback.route("/moved", redirect("http://[oops/"))
    capture = _run_capture_of(archive_from_loopback.url("/moved"))

    assert capture.status == Capture.Status.FAILED
    assert capture.error_code == Capture.ErrorCode.BAD_URL
    assert "http://[oops/" in capture.error_message
    assert "not a valid web address" in capture.error_message
    capture.source.refresh_from_db()
    assert capture.source.health == Source.Health.ERROR
    assert finished_captures == [capture]


def test_a_redirect_to_an_address_too_long_to_record_is_refused_before_it_is_fetched(
    archive_from_loopback, media, finished_captures
):
    long_path = "/" + "a" * 2100
    archive_from_loopback.route("/moved", redirect(archive_from_loopback.url(long_path)))
    archive_from_loopback.route(long_path, page(ARTICLE))
    capture = _run_capture_of(archive_from_loopback.url("/moved"))

    assert capture.status == Capture.Status.FAILED
    assert capture.error_code == Capture.ErrorCode.BAD_URL
    assert "longer than the 2,048" in capture.error_message
    assert [seen.path for seen in archive_from_loopback.requests] == ["/moved"]
    assert finished_captures == [capture]


def test_a_plain_text_page_with_nul_characters_is_kept_without_them(archive_from_loopback, media):
    body = b"The morgue\x00 received 368 bodies\x00 since April."
    capture = capture_page(archive_from_loopback, body=body, content_type="text/plain")

    capture.refresh_from_db()
    assert capture.status == Capture.Status.SUCCEEDED
    assert capture.text == "The morgue received 368 bodies since April."
    assert capture.sha256 == hashlib.sha256(body).hexdigest(), "the WARC keeps the page as sent"


def _refuse_successful_captures() -> None:
    """Make the database itself refuse to record a capture as succeeded, as a full disk or a
    lost connection would, after the WARC is stored."""
    table = Capture._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_success() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; "
                "END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_success BEFORE UPDATE ON {table} FOR EACH ROW "
                "WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION refuse_success()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_success BEFORE UPDATE ON {table} "
                "WHEN NEW.status = 'succeeded' BEGIN "
                "SELECT RAISE(ABORT, 'database or disk is full'); END"
            )


def test_an_unexpected_fault_fails_the_capture_keeps_no_orphan_warc_and_tells_the_source(
    archive_from_loopback, media, finished_captures, caplog
):
    _refuse_successful_captures()
    archive_from_loopback.route("/story", page(ARTICLE))
    capture = _run_capture_of(archive_from_loopback.url("/story"))

    assert capture.status == Capture.Status.FAILED
    assert capture.error_code == Capture.ErrorCode.INTERNAL
    assert "Re-capture" in capture.error_message
    assert capture.finished_at is not None
    assert not capture.warc
    assert list(media.rglob("*.warc.gz")) == [], "the stored WARC is deleted with the attempt"
    capture.source.refresh_from_db()
    assert capture.source.health == Source.Health.ERROR
    assert capture.source.health_checked_at is not None
    assert finished_captures == [capture]
    logged = [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]
    assert logged, "the traceback is logged for the developers"
